package io.castellan.server.http.request;

/**
 * The limits on what one request may hold: configured ({@code castellan.organization}: tuples per
 * write, checks per batch) and fixed (the lengths OpenFGA allows, and a condition context's size,
 * which also keeps snapshot records small).
 */
public record RequestLimits(int maxTuplesPerWrite, int maxChecksPerBatch) {

  public static final int MAX_OBJECT_LENGTH = 256;
  public static final int MAX_USER_LENGTH = 512;
  public static final int MAX_RELATION_LENGTH = 50;
  public static final int MAX_CONDITION_CONTEXT_BYTES = 16 * 1024;

  /** {@code value}, which must be a non-empty string. */
  static String required(String value, String field) {
    if (value == null || value.isEmpty()) {
      throw new BadRequest("'" + field + "' is required and must be a non-empty string");
    }
    return value;
  }

  /** {@code value}, an empty string meaning none. */
  static String optional(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  static String bounded(String value, int max, String field) {
    if (value.length() > max) {
      throw new BadRequest("'" + field + "' must be at most " + max + " characters");
    }
    return value;
  }
}
