package io.castellan.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.castellan.server.organization.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Turns a request's {@code Authorization: Bearer <credential>} into its {@link Caller}: the
 * operator key; an API key ({@code ck.}..., checked by its organization, see {@link
 * OrganizationAccess}); a JWT access token ({@link JwtVerifier}, verified once and remembered until
 * it expires); otherwise an opaque token for the authentication hook. Fails with {@link
 * AuthenticationFailed}.
 */
public final class Authenticator {

  private static final String BEARER = "bearer ";

  private final AuthSettings settings;
  private final byte[] operatorKeyHash;
  private final JwtVerifier jwt;
  private final TokenReviewHook hook;
  private final Clock clock;
  private final Cache<String, JwtVerifier.Verified> verifiedTokens;

  /** {@code jwt}, {@code hook}: null when not configured. */
  Authenticator(AuthSettings settings, JwtVerifier jwt, TokenReviewHook hook, Clock clock) {
    this.settings = settings;
    this.operatorKeyHash =
        settings.operatorKey().isEmpty() ? null : ApiKeys.hash(settings.operatorKey()).getBytes();
    this.jwt = jwt;
    this.hook = hook;
    this.clock = clock;
    this.verifiedTokens =
        Caffeine.newBuilder()
            .maximumSize(Math.max(1, settings.jwt().cacheSize()))
            .expireAfterWrite(Duration.ofHours(1))
            .build();
  }

  /** Whether requests are authenticated at all (off: every caller is anonymous). */
  public boolean enabled() {
    return settings.enabled();
  }

  /** The caller a request's {@code Authorization} header names. */
  public CompletionStage<Caller> authenticate(Optional<String> authorization) {
    if (!settings.enabled()) {
      return CompletableFuture.completedFuture(Caller.ANONYMOUS);
    }
    try {
      Caller known = authenticateAtOnce(authorization);
      if (known != null) {
        return CompletableFuture.completedFuture(known);
      }
    } catch (AuthenticationFailed e) {
      return CompletableFuture.failedFuture(e);
    }
    String credential = authorization.orElseThrow().substring(BEARER.length()).trim();
    return hook.review(credential);
  }

  /** The caller, when known without asking the hook (null: the hook must review the token). */
  private Caller authenticateAtOnce(Optional<String> authorization) {
    String header = authorization.orElse("").trim();
    if (header.isEmpty()) {
      throw AuthenticationFailed.missing();
    }
    if (header.length() > settings.maxCredentialBytes()) {
      throw AuthenticationFailed.rejected("credential longer than allowed");
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw AuthenticationFailed.rejected("not a bearer credential");
    }
    String credential = header.substring(BEARER.length()).trim();
    if (credential.isEmpty()) {
      throw AuthenticationFailed.missing();
    }
    if (isOperatorKey(credential)) {
      return Caller.OPERATOR;
    }
    if (ApiKeys.looksLikeKey(credential)) {
      ApiKeys.Presented key =
          ApiKeys.parse(credential)
              .orElseThrow(() -> AuthenticationFailed.rejected("malformed API key"));
      return Caller.key(key.organization(), key.keyId(), ApiKeys.hash(key.secret()));
    }
    if (jwt != null && looksLikeJwt(credential)) {
      JwtVerifier.Verified verified = verifiedTokens.getIfPresent(credential);
      if (verified == null || expired(verified)) {
        verified = jwt.verify(credential);
        verifiedTokens.put(credential, verified);
      }
      return Caller.user(verified.subject(), verified.groups());
    }
    if (hook != null) {
      return null;
    }
    throw AuthenticationFailed.rejected("unknown kind of credential");
  }

  private boolean expired(JwtVerifier.Verified verified) {
    return verified.expiresAt() != null
        && !clock.instant().isBefore(verified.expiresAt().toInstant());
  }

  private boolean isOperatorKey(String credential) {
    // compared as hashes, in constant time: the comparison reveals nothing of the key
    return operatorKeyHash != null
        && MessageDigest.isEqual(
            operatorKeyHash, ApiKeys.hash(credential).getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean looksLikeJwt(String credential) {
    int first = credential.indexOf('.');
    return credential.startsWith("eyJ") && first > 0 && credential.indexOf('.', first + 1) > first;
  }
}
