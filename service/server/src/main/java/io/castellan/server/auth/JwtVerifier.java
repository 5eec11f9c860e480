package io.castellan.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies JWT access tokens with nimbus-jose-jwt: signature by a key of the configured set (a JWKS
 * URL, cached and fetched again when a token names an unknown key id, so keys rotate without a
 * restart; or configured public keys), RS256, ES256 or EdDSA only (so {@code none} and HMAC signed
 * with a public key are refused), issuer, audience, expiry and not-before with a small clock skew.
 * The subject and groups come from the configured claims.
 */
final class JwtVerifier {

  static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final String subjectClaim;
  private final String groupsClaim;

  JwtVerifier(JWKSource<SecurityContext> keys, AuthSettings.Jwt settings) {
    this.subjectClaim = settings.subjectClaim();
    this.groupsClaim = settings.groupsClaim();
    // configured keys have no key ids: any of them may have signed a token that names one
    processor.setJWSKeySelector(new KeySelector(keys, settings.jwksUrl().isEmpty()));
    processor.setJWSVerifierFactory(new Ed25519Verifier.Factory());
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            settings.audiences().isEmpty() ? null : new HashSet<>(settings.audiences()),
            new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
            Set.of("exp", settings.subjectClaim()),
            null);
    claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  /** The token's subject and groups, and when it expires; refuses a token that does not verify. */
  Verified verify(String token) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException | JOSEException | BadJOSEException e) {
      throw AuthenticationFailed.rejected("token: " + e.getMessage());
    }
    Object subject = claims.getClaim(subjectClaim);
    if (!(subject instanceof String text) || text.isEmpty()) {
      throw AuthenticationFailed.rejected("token: no subject in claim '" + subjectClaim + "'");
    }
    Date expiry = claims.getExpirationTime(); // required: never null here
    return new Verified(text, groups(claims.getClaim(groupsClaim)), expiry.toInstant());
  }

  /** A verified token's subject, groups and expiry. */
  record Verified(String subject, Set<String> groups, Instant expiresAt) {}

  /** Groups as a list of names (Keycloak's full paths lose their leading slash) or one name. */
  private static Set<String> groups(Object claim) {
    Set<String> groups = new LinkedHashSet<>();
    if (claim instanceof Collection<?> values) {
      for (Object value : values) {
        if (value instanceof String name && !name.isEmpty()) {
          groups.add(name.startsWith("/") ? name.substring(1) : name);
        }
      }
    } else if (claim instanceof String name && !name.isEmpty()) {
      groups.add(name.startsWith("/") ? name.substring(1) : name);
    }
    return groups;
  }

  /**
   * The keys that may have signed a token: those of the set matching its header (key id, type,
   * curve), for the allowed algorithms only. Written out rather than nimbus's selector so that
   * Ed25519 keys, which nimbus converts only with Google Tink, become JDK keys.
   */
  private static final class KeySelector implements JWSKeySelector<SecurityContext> {
    private final JWKSource<SecurityContext> source;
    private final boolean anyKeyId;

    KeySelector(JWKSource<SecurityContext> source, boolean anyKeyId) {
      this.source = source;
      this.anyKeyId = anyKeyId;
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context)
        throws KeySourceException {
      if (!ALGORITHMS.contains(header.getAlgorithm())) {
        return List.of();
      }
      JWSHeader matched = anyKeyId ? new JWSHeader.Builder(header).keyID(null).build() : header;
      List<Key> keys = new ArrayList<>();
      for (JWK jwk : source.get(new JWKSelector(JWKMatcher.forJWSHeader(matched)), context)) {
        try {
          if (jwk instanceof RSAKey rsa) {
            keys.add(rsa.toRSAPublicKey());
          } else if (jwk instanceof ECKey ec) {
            keys.add(ec.toECPublicKey());
          } else if (jwk instanceof OctetKeyPair okp) {
            keys.add(ed25519(okp));
          }
        } catch (JOSEException | GeneralSecurityException e) {
          // a key that does not convert verifies nothing
        }
      }
      return keys;
    }
  }

  /** An Ed25519 public key from its raw 32 bytes, as the JDK reads it (X.509 form). */
  static Key ed25519(OctetKeyPair okp) throws GeneralSecurityException {
    byte[] raw = okp.getDecodedX();
    byte[] prefix = HexFormat.of().parseHex("302a300506032b6570032100");
    byte[] encoded = new byte[prefix.length + raw.length];
    System.arraycopy(prefix, 0, encoded, 0, prefix.length);
    System.arraycopy(raw, 0, encoded, prefix.length, raw.length);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
  }
}
