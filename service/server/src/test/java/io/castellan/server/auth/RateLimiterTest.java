package io.castellan.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
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

  @Test
  void threadsTakingAtOnceGetExactlyTheBurst() throws InterruptedException {
    RateLimiter.TokenBucket bucket = new RateLimiter.TokenBucket(0.001, 1000);
    long now = System.nanoTime();
    AtomicInteger granted = new AtomicInteger();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 500; i++) {
                  if (bucket.take(now) == 0) {
                    granted.incrementAndGet();
                  }
                }
              });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(1000, granted.get());
  }
}
