package io.castellan.engine.query;

/**
 * Limits every query obeys. {@code maxDepth}: nested rewrites and usersets one check may follow
 * (OpenFGA's default is 25). {@code maxListResults}: most objects or users one list answer holds
 * (0: no limit). {@code maxContextualTuples}: most contextual tuples one request may carry.
 */
public record QueryOptions(
    int maxDepth, int maxListResults, int maxContextualTuples, int maxReadPageSize) {

  public static final QueryOptions DEFAULTS = new QueryOptions(25, 1000, 100, 100);

  public QueryOptions {
    if (maxDepth < 1 || maxListResults < 0 || maxContextualTuples < 0 || maxReadPageSize < 1) {
      throw new IllegalArgumentException("query limits must be positive");
    }
  }
}
