package io.castellan.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The one continuation-token format of every paged answer: an opaque string holding the format
 * version, a hash of the query it continues, and the position to resume after. The query names the
 * operation, the organization and the filter, so a token is accepted only by the query that gave
 * it: one of another query or organization, a made-up one, or one of another format version is
 * {@link Invalid} (answered 400 {@code invalid_continuation_token}), never read as a position.
 */
public final class ContinuationToken {

  private static final String VERSION = "1";
  private static final int HASH_BYTES = 12;

  private ContinuationToken() {}

  /** A query to bind tokens to: its parts joined unambiguously (operation first). */
  public static String query(String... parts) {
    StringBuilder query = new StringBuilder();
    for (String part : parts) {
      query.append(part == null ? "\u0000" : part).append('\u0001');
    }
    return query.toString();
  }

  /** A token that resumes {@code query} after {@code position}. */
  public static String encode(String query, String position) {
    String token = VERSION + '\n' + hash(query) + '\n' + position;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(token.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The position a token of {@code query} resumes after, or null for no token (the first page).
   *
   * @throws Invalid when the token is not one {@link #encode} made for this query
   */
  public static String position(String token, String query) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    String[] parts;
    try {
      parts =
          new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", 3);
    } catch (IllegalArgumentException e) {
      throw new Invalid();
    }
    if (parts.length != 3 || !VERSION.equals(parts[0]) || !hash(query).equals(parts[1])) {
      throw new Invalid();
    }
    return parts[2];
  }

  private static String hash(String query) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(Arrays.copyOf(digest, HASH_BYTES));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** A token that does not continue the query it was given to. */
  public static final class Invalid extends RuntimeException {
    Invalid() {
      super("invalid continuation token", null, false, false);
    }
  }
}
