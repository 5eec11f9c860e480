package io.castellan.server.http;

import io.castellan.protocol.ErrorCode;
import io.castellan.protocol.Scope;
import io.castellan.server.async.Failures;
import io.castellan.server.auth.Authenticated;
import io.castellan.server.auth.Authentication;
import io.castellan.server.auth.AuthenticationFailed;
import io.castellan.server.organization.Caller;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The caller of every request: authenticated from {@code Authorization} (401 with {@code
 * WWW-Authenticate} otherwise, slowed after repeated failures from one address), held to its own
 * organization when it is an API key, and within its rate limit for the endpoint's scope (429 with
 * {@code Retry-After}). What the caller may do in the organization is decided later, with the
 * organization's state.
 */
final class CallerDirectives extends AllDirectives {

  private final Authentication authentication;
  private final ApiErrors errors;

  CallerDirectives(Authentication authentication, ApiErrors errors) {
    this.authentication = authentication;
    this.errors = errors;
  }

  /**
   * Streams (scope {@code watch}) also take the credential as {@code access_token} in the query
   * string when there is no {@code Authorization} header: browsers' WebSocket and EventSource
   * cannot send headers (RFC 6750 allows the parameter; such URLs must not be logged).
   */
  Route authenticated(Scope scope, String organization, Function<Caller, Route> inner) {
    return optionalHeaderValueByName(
        "Authorization",
        header ->
            scope == Scope.WATCH && header.isEmpty()
                ? parameterOptional(
                    "access_token",
                    token ->
                        authenticated(
                            token.map(value -> "Bearer " + value), scope, organization, inner))
                : authenticated(header, scope, organization, inner));
  }

  private Route authenticated(
      Optional<String> header, Scope scope, String organization, Function<Caller, Route> inner) {
    CompletableFuture<Authenticated> caller =
        authentication.authenticator().authenticate(header).toCompletableFuture();
    if (caller.isDone() && !caller.isCompletedExceptionally()) { // the common case
      return admitted(caller.join(), scope, organization, inner);
    }
    return extractClientIP(
        address ->
            onComplete(
                caller,
                result ->
                    result.isSuccess()
                        ? admitted(result.get(), scope, organization, inner)
                        : refused(result.failed().get(), address)));
  }

  private Route admitted(
      Authenticated authenticated,
      Scope scope,
      String organization,
      Function<Caller, Route> inner) {
    Caller caller = authenticated.caller();
    if (caller.kind() == Caller.Kind.KEY
        && organization != null
        && !organization.equals(caller.organization())) {
      return complete(
          errors.response(
              ErrorCode.STORE_ID_NOT_FOUND, "organization '" + organization + "' not found"));
    }
    if (caller.kind() != Caller.Kind.ANONYMOUS) {
      long wait = authenticated.retryAfterSeconds(scope);
      if (wait > 0) {
        return complete(
            errors
                .response(
                    ErrorCode.RATE_LIMITED,
                    "too many '" + scope.label + "' requests for this credential; retry later")
                .addHeader(RetryAfter.create(wait)));
      }
    }
    return inner.apply(caller);
  }

  private Route refused(Throwable failure, RemoteAddress address) {
    Throwable cause = Failures.cause(failure);
    if (!(cause instanceof AuthenticationFailed failed)) {
      return complete(errors.response(cause)); // the hook is down: refused, as a 503
    }
    String source = address.getAddress().map(Object::toString).orElse("unknown");
    Duration delay = authentication.failures().failed(source, failed);
    HttpResponse response = errors.response(failed); // with WWW-Authenticate
    if (delay.isZero()) {
      return complete(response);
    }
    CompletionStage<HttpResponse> later =
        CompletableFuture.supplyAsync(
            () -> response,
            CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
    return completeWithFuture(later);
  }
}
