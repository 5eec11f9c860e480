package io.castellan.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.castellan.protocol.Scope;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket per credential and scope, on this node. Written here rather than taken from a
 * library because none is served here and the bucket is a dozen lines; the buckets of idle
 * credentials are forgotten after ten minutes (Caffeine).
 */
public final class RateLimiter {

  private final Map<Scope, AuthSettings.RateLimit> limits;
  private final Cache<String, Buckets> buckets =
      Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(Duration.ofMinutes(10)).build();

  public RateLimiter(Map<Scope, AuthSettings.RateLimit> limits) {
    this.limits = Map.copyOf(limits);
  }

  /** The buckets of one credential ({@code identity}), one per scope. */
  Buckets bucketsFor(String identity) {
    return buckets.get(identity, key -> new Buckets());
  }

  /** One credential's buckets, one per limited scope (null: unlimited). */
  public final class Buckets {
    private final TokenBucket[] byScope = new TokenBucket[Scope.values().length];

    Buckets() {
      for (Scope scope : Scope.values()) {
        AuthSettings.RateLimit limit = limits.get(scope);
        if (limit != null && limit.burst() > 0 && limit.perSecond() > 0) {
          byScope[scope.ordinal()] = new TokenBucket(limit.perSecond(), limit.burst());
        }
      }
    }

    /**
     * 0 when one more request of {@code scope} may go now; otherwise how many seconds until it may
     * (at least 1).
     */
    public long retryAfterSeconds(Scope scope) {
      TokenBucket bucket = byScope[scope.ordinal()];
      return bucket == null ? 0 : bucket.take(System.nanoTime());
    }
  }

  /**
   * {@code burst} requests at once, then {@code perSecond}: the generic cell rate algorithm, which
   * keeps one number (when the bucket would be full again) and takes a token with one
   * compare-and-set, so that many threads serving one credential never wait for a lock.
   */
  static final class TokenBucket {
    private final long interval;
    private final double capacity;
    private final AtomicLong fullAt = new AtomicLong(Long.MIN_VALUE);

    TokenBucket(double perSecond, int burst) {
      this.interval = Math.max(1, (long) (1e9 / perSecond));
      this.capacity = (double) interval * burst;
    }

    /** Takes a token at {@code now} (nanoseconds): 0, or the seconds until one is there. */
    long take(long now) {
      while (true) {
        long previous = fullAt.get();
        long after = Math.max(previous, now) + interval;
        double ahead = after - now;
        if (ahead > capacity) {
          return Math.max(1, (long) Math.ceil((ahead - capacity) / 1e9));
        }
        if (fullAt.compareAndSet(previous, after)) {
          return 0;
        }
      }
    }
  }
}
