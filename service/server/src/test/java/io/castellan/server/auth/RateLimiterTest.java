package io.castellan.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The token bucket behind rate limits, on an explicit clock. */
class RateLimiterTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aBurstIsAllowedThenOneRequestPerRefill() {
    RateLimiter.TokenBucket bucket = new RateLimiter.TokenBucket(1, 2);
    long start = System.nanoTime();
    assertEquals(0, bucket.take(start));
    assertEquals(0, bucket.take(start));
    assertEquals(1, bucket.take(start)); // empty: one second until the next token
    assertEquals(0, bucket.take(start + SECOND));
  }

  @Test
  void theWaitSaidIsTheTimeUntilTheNextToken() {
    RateLimiter.TokenBucket bucket = new RateLimiter.TokenBucket(0.25, 1);
    long start = System.nanoTime();
    bucket.take(start);
    assertEquals(4, bucket.take(start));
  }
}
