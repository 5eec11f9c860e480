package io.castellan.server.auth;

import io.castellan.protocol.Scope;
import io.castellan.server.organization.Caller;
import java.time.Instant;

/**
 * A credential as authentication established it: its caller, when it stops being good without a new
 * check (a token's expiry; null: never), and the caller's rate-limit buckets; remembered per
 * credential so that a repeated request costs one lookup.
 */
public record Authenticated(Caller caller, Instant expiresAt, RateLimiter.Buckets buckets) {

  /** 0 when the caller may make one more request of {@code scope} now, else the seconds to wait. */
  public long retryAfterSeconds(Scope scope) {
    return buckets.retryAfterSeconds(scope);
  }
}
