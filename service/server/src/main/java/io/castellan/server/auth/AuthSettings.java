package io.castellan.server.auth;

import com.typesafe.config.Config;
import io.castellan.protocol.Scope;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code castellan.auth}: whether authentication is on, the operator key, how tokens are verified
 * (JWT, the hook), rate limits per scope, and how failed attempts are slowed.
 */
public record AuthSettings(
    boolean enabled,
    String operatorKey,
    int maxCredentialBytes,
    int credentialCacheSize,
    Jwt jwt,
    Hook hook,
    Map<Scope, RateLimit> rateLimits,
    FailedAttempts failedAttempts) {

  /** JWT access tokens: keys from {@code jwksUrl} or {@code publicKeys} (PEM); none: off. */
  public record Jwt(
      String jwksUrl,
      List<String> publicKeys,
      String issuer,
      List<String> audiences,
      String subjectClaim,
      String groupsClaim,
      Duration clockSkew) {

    public boolean configured() {
      return !jwksUrl.isEmpty() || !publicKeys.isEmpty();
    }
  }

  /** The authentication hook for opaque tokens ({@code url} empty: none). */
  public record Hook(String url, Duration timeout, Duration cacheTtl, Duration negativeCacheTtl) {

    public boolean configured() {
      return !url.isEmpty();
    }
  }

  /** A token bucket: {@code perSecond} sustained, {@code burst} at once (0: unlimited). */
  public record RateLimit(double perSecond, int burst) {}

  /** After {@code threshold} failures from one address within {@code window}, answer slower. */
  public record FailedAttempts(int threshold, Duration window, Duration delay) {}

  public static AuthSettings of(Config auth) {
    Config jwt = auth.getConfig("jwt");
    Config hook = auth.getConfig("hook");
    Config failed = auth.getConfig("failed-attempts");
    Map<Scope, RateLimit> limits = new EnumMap<>(Scope.class);
    for (Scope scope : Scope.values()) {
      Config limit = auth.getConfig("rate-limits." + scope.label);
      limits.put(scope, new RateLimit(limit.getDouble("per-second"), limit.getInt("burst")));
    }
    return new AuthSettings(
        auth.getBoolean("enabled"),
        auth.getString("operator-key"),
        (int) auth.getBytes("max-credential-size").longValue(),
        auth.getInt("credential-cache-size"),
        new Jwt(
            jwt.getString("jwks-url"),
            jwt.getStringList("public-keys"),
            jwt.getString("issuer"),
            jwt.getStringList("audiences"),
            jwt.getString("subject-claim"),
            jwt.getString("groups-claim"),
            jwt.getDuration("clock-skew")),
        new Hook(
            hook.getString("url"),
            hook.getDuration("timeout"),
            hook.getDuration("cache-ttl"),
            hook.getDuration("negative-cache-ttl")),
        limits,
        new FailedAttempts(
            failed.getInt("threshold"), failed.getDuration("window"), failed.getDuration("delay")));
  }
}
