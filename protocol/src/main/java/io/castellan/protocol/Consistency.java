package io.castellan.protocol;

/**
 * How fresh a read must be. {@code MINIMIZE_LATENCY} answers from the newest state in memory;
 * {@code AT_LEAST_AS_FRESH} waits (bounded) until the revision of the given token is applied;
 * {@code FULLY_CONSISTENT} first asks the organization for its latest revision.
 */
public enum Consistency {
  MINIMIZE_LATENCY,
  AT_LEAST_AS_FRESH,
  FULLY_CONSISTENT
}
