package io.castellan.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.castellan.server.organization.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Turns a request's {@code Authorization: Bearer <credential>} into its {@link Caller}: the
 * operator key; an API key ({@code ck.}..., checked by its organization, see {@link
 * OrganizationAccess}); a JWT access token ({@link JwtVerifier}); otherwise an opaque token for the
 * authentication hook (which caches its own answers). A credential once accepted is remembered (a
 * token until it expires), so that the hot path pays one lookup per request, not a hash or a
 * signature check. Fails with {@link AuthenticationFailed}.
 */
public final class Authenticator {

  private static final String BEARER = "bearer ";

  private final AuthSettings settings;
  private final byte[] operatorKeyHash;
  private final JwtVerifier jwt;
  private final TokenReviewHook hook;
  private final Clock clock;
  private final RateLimiter limiter;
  private final Cache<String, Authenticated> accepted;
  private final Authenticated anonymous;

  /** {@code jwt}, {@code hook}: null when not configured. */
  Authenticator(
      AuthSettings settings,
      JwtVerifier jwt,
      TokenReviewHook hook,
      RateLimiter limiter,
      Clock clock) {
    this.limiter = limiter;
    this.anonymous = new Authenticated(Caller.ANONYMOUS, null, limiter.bucketsFor("anonymous"));
    this.settings = settings;
    this.operatorKeyHash =
        settings.operatorKey().isEmpty() ? null : ApiKeys.hash(settings.operatorKey()).getBytes();
    this.jwt = jwt;
    this.hook = hook;
    this.clock = clock;
    this.accepted =
        Caffeine.newBuilder()
            .maximumSize(Math.max(1, settings.credentialCacheSize()))
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();
  }

  /** Whether requests are authenticated at all (off: every caller is anonymous). */
  public boolean enabled() {
    return settings.enabled();
  }

  /** The caller a request's {@code Authorization} header names. */
  public CompletionStage<Authenticated> authenticate(Optional<String> authorization) {
    if (!settings.enabled()) {
      return CompletableFuture.completedFuture(anonymous);
    }
    String header = authorization.orElse("");
    Authenticated known = accepted.getIfPresent(header);
    if (known != null && !expired(known)) { // the common case: a credential seen before
      return CompletableFuture.completedFuture(known);
    }
    Authenticated admitted;
    try {
      admitted = authenticateAtOnce(header);
    } catch (AuthenticationFailed e) {
      return CompletableFuture.failedFuture(e);
    }
    if (admitted == null) { // an opaque token: the hook reviews it (and caches its answers)
      String credential = header.trim().substring(BEARER.length()).trim();
      return hook.review(credential).thenApply(reviewed -> admitted(reviewed, null));
    }
    accepted.put(header, admitted);
    return CompletableFuture.completedFuture(admitted);
  }

  private Authenticated admitted(Caller caller, Instant expiresAt) {
    String identity =
        caller.kind() == Caller.Kind.KEY
            ? caller.organization() + ' ' + caller.actor()
            : caller.actor();
    return new Authenticated(caller, expiresAt, limiter.bucketsFor(identity));
  }

  /** The caller, when known without asking the hook (null: the hook must review the token). */
  private Authenticated authenticateAtOnce(String authorization) {
    String header = authorization.trim();
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
      return admitted(Caller.OPERATOR, null);
    }
    if (ApiKeys.looksLikeKey(credential)) {
      ApiKeys.Presented key =
          ApiKeys.parse(credential)
              .orElseThrow(() -> AuthenticationFailed.rejected("malformed API key"));
      return admitted(
          Caller.key(key.organization(), key.keyId(), ApiKeys.hash(key.secret())), null);
    }
    if (jwt != null && looksLikeJwt(credential)) {
      JwtVerifier.Verified verified = jwt.verify(credential);
      return admitted(Caller.user(verified.subject(), verified.groups()), verified.expiresAt());
    }
    if (hook != null) {
      return null;
    }
    throw AuthenticationFailed.rejected("unknown kind of credential");
  }

  private boolean expired(Authenticated known) {
    return known.expiresAt() != null && !clock.instant().isBefore(known.expiresAt());
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
