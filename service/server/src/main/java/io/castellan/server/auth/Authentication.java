package io.castellan.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** The authentication parts a node runs, built from {@code castellan.auth}. */
public record Authentication(Authenticator authenticator, FailedAttempts failures) {

  public static Authentication of(
      AuthSettings settings, ObjectMapper mapper, MeterRegistry metrics) {
    JwtVerifier jwt =
        settings.jwt().configured()
            ? new JwtVerifier(JwkSources.of(settings.jwt()), settings.jwt())
            : null;
    TokenReviewHook hook =
        settings.hook().configured() ? new TokenReviewHook(settings.hook(), mapper) : null;
    RateLimiter limiter = new RateLimiter(settings.rateLimits());
    return new Authentication(
        new Authenticator(settings, jwt, hook, limiter, Clock.systemUTC()),
        new FailedAttempts(settings.failedAttempts(), metrics));
  }
}
