package io.castellan.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The API key format: {@code ck.<organization, base64url>.<key id>.<secret>}. The organization is
 * in the key so that a key of one organization is refused on another's routes before anything is
 * looked up; the secret is 32 random bytes, of which only the SHA-256 is ever stored (a slow hash
 * adds nothing to 256 random bits, and a fast one keeps every request cheap).
 */
public final class ApiKeys {

  static final String PREFIX = "ck.";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private ApiKeys() {}

  /** A key as presented: its organization, id and secret. */
  public record Presented(String organization, String keyId, String secret) {}

  /** A new key's id: 16 random bytes, base64url. */
  public static String newId() {
    return random(16);
  }

  /** A new secret: 32 random bytes, base64url. */
  public static String newSecret() {
    return random(32);
  }

  /** The key clients present. */
  public static String format(String organization, String keyId, String secret) {
    return PREFIX
        + ENCODER.encodeToString(organization.getBytes(StandardCharsets.UTF_8))
        + "."
        + keyId
        + "."
        + secret;
  }

  /** Whether {@code credential} has the shape of an API key (it may still be a wrong one). */
  static boolean looksLikeKey(String credential) {
    return credential.startsWith(PREFIX);
  }

  /** The parts of a key, or empty when it is malformed. */
  public static Optional<Presented> parse(String credential) {
    if (!looksLikeKey(credential)) {
      return Optional.empty();
    }
    String[] parts = credential.substring(PREFIX.length()).split("\\.", -1);
    if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
      return Optional.empty();
    }
    try {
      String organization = new String(DECODER.decode(parts[0]), StandardCharsets.UTF_8);
      return organization.isEmpty()
          ? Optional.empty()
          : Optional.of(new Presented(organization, parts[1], parts[2]));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The SHA-256 of a secret, hex. */
  public static String hash(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Compares two hashes in constant time (for hashes of one length). */
  static boolean sameHash(String stored, String presented) {
    if (stored == null || presented == null || stored.length() != presented.length()) {
      return false;
    }
    int difference = 0;
    for (int i = 0; i < stored.length(); i++) {
      difference |= stored.charAt(i) ^ presented.charAt(i);
    }
    return difference == 0;
  }

  private static String random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return ENCODER.encodeToString(value);
  }
}
