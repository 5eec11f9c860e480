package io.castellan.protocol;

import java.util.Map;
import java.util.TreeMap;

/**
 * A revision of an organization as clients see it: an opaque string ({@code r} followed by the
 * revision number) returned by every write and read, and accepted by reads that must be at least as
 * fresh. An answer that followed another organization's sets (sharing across organizations) also
 * names the revision of each organization it read: {@code r12,globex:7}; given back, such a token
 * asks each of them to be at least that fresh.
 */
public final class RevisionToken {

  private RevisionToken() {}

  public static String of(long revision) {
    return "r" + revision;
  }

  /** A token for {@code revision} and the revisions of the other organizations read with it. */
  public static String of(long revision, Map<String, Long> others) {
    if (others.isEmpty()) {
      return of(revision);
    }
    StringBuilder token = new StringBuilder(of(revision));
    new TreeMap<>(others)
        .forEach(
            (organization, at) -> token.append(',').append(organization).append(':').append(at));
    return token.toString();
  }

  /** The revision in a token (its own organization's), or -1 when the token is malformed. */
  public static long parse(String token) {
    if (token == null || token.length() < 2 || token.charAt(0) != 'r') {
      return -1;
    }
    int end = token.indexOf(',');
    if (end >= 0 && others(token) == null) {
      return -1;
    }
    return number(token.substring(1, end < 0 ? token.length() : end));
  }

  /**
   * The other organizations' revisions a token names (none for most), or null when they are
   * malformed.
   */
  public static Map<String, Long> others(String token) {
    Map<String, Long> others = new TreeMap<>();
    if (token == null) {
      return others;
    }
    String[] parts = token.split(",", -1);
    for (int i = 1; i < parts.length; i++) {
      int colon = parts[i].lastIndexOf(':');
      long revision = colon <= 0 ? -1 : number(parts[i].substring(colon + 1));
      if (revision < 0) {
        return null;
      }
      others.put(parts[i].substring(0, colon), revision);
    }
    return others;
  }

  private static long number(String digits) {
    try {
      long revision = Long.parseLong(digits);
      return revision < 0 ? -1 : revision;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
