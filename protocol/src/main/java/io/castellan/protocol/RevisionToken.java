package io.castellan.protocol;

/**
 * A revision of an organization as clients see it: an opaque string ({@code r} followed by the
 * revision number) returned by every write and read, and accepted by reads that must be at least as
 * fresh.
 */
public final class RevisionToken {

  private RevisionToken() {}

  public static String of(long revision) {
    return "r" + revision;
  }

  /** The revision in a token, or -1 when the token is malformed. */
  public static long parse(String token) {
    if (token == null || token.length() < 2 || token.charAt(0) != 'r') {
      return -1;
    }
    try {
      long revision = Long.parseLong(token.substring(1));
      return revision < 0 ? -1 : revision;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
