package io.castellan.server.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * Signing keys a test generates, and tokens signed with them, as an identity provider would issue
 * them (RS256, ES256, EdDSA); also the tokens a forger would try ({@code none}, HMAC keyed with the
 * public key).
 */
public final class TestKeys {

  public static final String ISSUER = "https://idp.test";
  public static final String AUDIENCE = "castellan";

  /** One signing key: its id, algorithm and key pair. */
  public record SigningKey(String kid, JWSAlgorithm algorithm, KeyPair pair) {

    /** The public half as a JWK. */
    public JWK publicJwk() {
      PublicKey key = pair.getPublic();
      if (key instanceof RSAPublicKey rsa) {
        return new RSAKey.Builder(rsa).keyID(kid).build();
      }
      if (key instanceof ECPublicKey ec) {
        return new ECKey.Builder(Curve.P_256, ec).keyID(kid).build();
      }
      byte[] encoded = key.getEncoded();
      return new OctetKeyPair.Builder(
              Curve.Ed25519,
              Base64URL.encode(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length)))
          .keyID(kid)
          .build();
    }

    /** The public half in PEM, as an operator would configure it. */
    public String publicPem() {
      return "-----BEGIN PUBLIC KEY-----\n"
          + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
          + "\n-----END PUBLIC KEY-----";
    }

    /** A token with these claims, signed by this key. */
    public String sign(JWTClaimsSet claims) {
      try {
        JWSHeader header =
            new JWSHeader.Builder(algorithm).keyID(kid).type(JOSEObjectType.JWT).build();
        if (algorithm.equals(JWSAlgorithm.EdDSA)) {
          return signEd25519(header, claims);
        }
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(
            algorithm.equals(JWSAlgorithm.RS256)
                ? new RSASSASigner(pair.getPrivate())
                : new ECDSASigner((ECPrivateKey) pair.getPrivate()));
        return jwt.serialize();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    private String signEd25519(JWSHeader header, JWTClaimsSet claims) throws Exception {
      String input =
          header.toBase64URL()
              + "."
              + Base64URL.encode(claims.toString().getBytes(StandardCharsets.UTF_8));
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(pair.getPrivate());
      signer.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64URL.encode(signer.sign());
    }
  }

  private TestKeys() {}

  public static SigningKey rsa(String kid) {
    return generate(kid, JWSAlgorithm.RS256, "RSA", null);
  }

  public static SigningKey ec(String kid) {
    return generate(kid, JWSAlgorithm.ES256, "EC", new ECGenParameterSpec("secp256r1"));
  }

  public static SigningKey ed25519(String kid) {
    return generate(kid, JWSAlgorithm.EdDSA, "Ed25519", null);
  }

  private static SigningKey generate(
      String kid, JWSAlgorithm algorithm, String type, ECGenParameterSpec curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
      if (curve != null) {
        generator.initialize(curve);
      } else if (type.equals("RSA")) {
        generator.initialize(2048);
      }
      return new SigningKey(kid, algorithm, generator.generateKeyPair());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The claims of a valid access token for {@code subject}, with {@code groups}. */
  public static JWTClaimsSet.Builder claims(String subject, List<String> groups) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject(subject)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)))
        .claim("groups", groups);
  }

  /** The public keys as a JWKS document. */
  public static String jwks(List<SigningKey> keys) {
    return new JWKSet(keys.stream().map(SigningKey::publicJwk).toList())
        .toString(true); // public keys only
  }

  /** An unsigned token ({@code alg: none}). */
  public static String unsigned(JWTClaimsSet claims) {
    return Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + Base64URL.encode(claims.toString().getBytes(StandardCharsets.UTF_8))
        + ".";
  }

  /** A token signed with HMAC keyed by the RSA public key: the classic algorithm confusion. */
  public static String hmacWithPublicKey(SigningKey rsa, JWTClaimsSet claims) {
    try {
      byte[] secret = rsa.publicPem().getBytes(StandardCharsets.US_ASCII);
      SignedJWT jwt =
          new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(rsa.kid()).build(), claims);
      jwt.sign(new MACSigner(secret));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
