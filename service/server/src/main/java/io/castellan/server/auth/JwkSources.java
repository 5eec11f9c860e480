package io.castellan.server.auth;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import java.net.MalformedURLException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** Where token signing keys come from: a JWKS URL, or public keys configured in PEM. */
final class JwkSources {

  private JwkSources() {}

  static JWKSource<SecurityContext> of(AuthSettings.Jwt jwt) {
    if (!jwt.jwksUrl().isEmpty()) {
      try {
        // cached for 5 minutes; a token with an unknown key id fetches the set again (at most
        // once a second), which is how keys rotate without a restart
        return JWKSourceBuilder.create(URI.create(jwt.jwksUrl()).toURL())
            .cache(5 * 60_000L, 5_000L)
            .rateLimited(1_000L)
            .build();
      } catch (MalformedURLException | IllegalArgumentException e) {
        throw new IllegalArgumentException("castellan.auth.jwt.jwks-url is not a URL", e);
      }
    }
    List<JWK> keys = new ArrayList<>();
    for (String pem : jwt.publicKeys()) {
      keys.add(fromPem(pem));
    }
    return new ImmutableJWKSet<>(new JWKSet(keys));
  }

  /** An RSA, EC (P-256) or Ed25519 public key in PEM ({@code BEGIN PUBLIC KEY}). */
  static JWK fromPem(String pem) {
    String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(spec);
        if (key instanceof RSAPublicKey rsa) {
          return new RSAKey.Builder(rsa).build();
        }
        if (key instanceof ECPublicKey ec) {
          return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
        }
        byte[] encoded = key.getEncoded(); // X.509: the raw 32-byte key comes last
        return new OctetKeyPair.Builder(
                Curve.Ed25519,
                Base64URL.encode(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length)))
            .build();
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // not this algorithm
      }
    }
    throw new IllegalArgumentException(
        "a public key in castellan.auth.jwt.public-keys is not RSA, EC or Ed25519 PEM");
  }
}
