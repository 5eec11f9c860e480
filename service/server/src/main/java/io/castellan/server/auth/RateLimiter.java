package io.castellan.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.castellan.protocol.Scope;
import java.time.Duration;
import java.util.Map;

/**
 * A token bucket per credential and scope, on this node. Written here rather than taken from a
 * library because none is served here and the bucket is a dozen lines; the buckets of idle
 * credentials are forgotten after ten minutes (Caffeine).
 */
public final class RateLimiter {

  private final Map<Scope, AuthSettings.RateLimit> limits;
  private final Cache<String, TokenBucket> buckets =
      Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(Duration.ofMinutes(10)).build();

  public RateLimiter(Map<Scope, AuthSettings.RateLimit> limits) {
    this.limits = Map.copyOf(limits);
  }

  /**
   * 0 when {@code credential} may make one more request of {@code scope} now; otherwise how many
   * seconds until it may (at least 1).
   */
  public long retryAfterSeconds(String credential, Scope scope) {
    AuthSettings.RateLimit limit = limits.get(scope);
    if (limit == null || limit.burst() <= 0 || limit.perSecond() <= 0) {
      return 0;
    }
    TokenBucket bucket =
        buckets.get(
            scope.label + ' ' + credential,
            key -> new TokenBucket(limit.perSecond(), limit.burst()));
    return bucket.take(System.nanoTime());
  }

  /** {@code burst} tokens at most, {@code perSecond} added each second. */
  static final class TokenBucket {
    private final double perNano;
    private final int burst;
    private double tokens;
    private long last;

    TokenBucket(double perSecond, int burst) {
      this.perNano = perSecond / 1e9;
      this.burst = burst;
      this.tokens = burst;
      this.last = System.nanoTime();
    }

    /** Takes a token at {@code now}: 0, or the seconds until one is there. */
    synchronized long take(long now) {
      tokens = Math.min(burst, tokens + (now - last) * perNano);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
    }
  }
}
