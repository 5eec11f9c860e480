package io.castellan.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed authentications: logged with the source address and why (never the credential), counted in
 * the metric {@code castellan_auth_failures_total}, and, past a threshold per address within a
 * window, answered only after a delay, so that guessing credentials is slow.
 */
public final class FailedAttempts {

  private static final Logger LOG = LoggerFactory.getLogger(FailedAttempts.class);

  private final AuthSettings.FailedAttempts settings;
  private final Cache<String, AtomicInteger> recent;
  private final Counter failures;

  public FailedAttempts(AuthSettings.FailedAttempts settings, MeterRegistry metrics) {
    this.settings = settings;
    this.recent =
        Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(settings.window()).build();
    this.failures =
        Counter.builder("castellan.auth.failures")
            .description("requests refused for a missing or bad credential")
            .register(metrics);
  }

  /** Records a failure from {@code address}; how long to wait before answering it. */
  public Duration failed(String address, AuthenticationFailed failure) {
    failures.increment();
    int count = recent.get(address, key -> new AtomicInteger()).incrementAndGet();
    LOG.warn(
        "authentication failed from {}: {} ({} within {})",
        address,
        failure.detail(),
        count,
        settings.window());
    return count > settings.threshold() ? settings.delay() : Duration.ZERO;
  }
}
