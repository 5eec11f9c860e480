package io.castellan.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.protocol.ErrorCode;
import io.castellan.protocol.RevisionToken;
import io.castellan.server.forwarding.ReadOperation;
import io.castellan.server.http.request.BadRequest;
import io.castellan.server.organization.RequestInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.IllegalRequestException;

/**
 * What every JSON route shares: reading the body and the caller, and rendering results and errors.
 */
abstract class JsonRoutes extends AllDirectives {

  static final String REQUEST_ID = "X-Request-Id";
  static final String REASON = "X-Castellan-Reason";
  static final String REVISION = "X-Castellan-Revision";
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String TIMEOUT = "X-Castellan-Timeout";

  protected final AuthorizationApi api;
  protected final ObjectMapper mapper;
  protected final ApiErrors errors;
  private final RequestDeadline deadline;
  private final ApiResult timedOut;
  private final ApiResult changeTimedOut;
  private final ExceptionHandler bodyFailures;

  JsonRoutes(AuthorizationApi api, ObjectMapper mapper, RequestDeadline deadline) {
    this.api = api;
    this.mapper = mapper;
    this.errors = new ApiErrors(mapper);
    this.deadline = deadline;
    this.timedOut =
        errors.result(
            ErrorCode.REQUEST_TIMEOUT,
            "no answer within the request timeout of " + deadline.timeout().toMillis() + " ms");
    this.changeTimedOut =
        errors.result(
            ErrorCode.OUTCOME_UNKNOWN,
            "no answer within the request timeout of "
                + deadline.timeout().toMillis()
                + " ms: the change may or may not be applied; read it back, or retry with the "
                + "same idempotency key");
    this.bodyFailures = bodyFailures();
  }

  /**
   * Reads the JSON body, then answers with what {@code handler} makes of it. A body that arrived
   * whole (small ones do) is used as it is; one still arriving is awaited within the request
   * timeout.
   */
  protected Route withBody(Function<JsonNode, CompletionStage<ApiResult>> handler) {
    return withBody(handler, timedOut);
  }

  /** {@link #withBody} for a change: past the request timeout its outcome is unknown. */
  protected Route withChangeBody(Function<JsonNode, CompletionStage<ApiResult>> handler) {
    return withBody(handler, changeTimedOut);
  }

  private Route withBody(Function<JsonNode, CompletionStage<ApiResult>> handler, ApiResult late) {
    return extractRequestEntity(
        entity ->
            entity instanceof HttpEntity.Strict strict
                ? respond(() -> handler.apply(api.bodies.parse(strict.getData().toArray())), late)
                : handleExceptions(
                    bodyFailures,
                    () ->
                        extractStrictEntity(
                            deadline.timeout(),
                            arrived ->
                                respond(
                                    () ->
                                        handler.apply(
                                            api.bodies.parse(arrived.getData().toArray())),
                                    late))));
  }

  private HttpResponse bodyTimeout() {
    return errors.response(
        ErrorCode.BODY_TIMEOUT,
        "the request body did not arrive within " + deadline.timeout().toMillis() + " ms");
  }

  /** Failures while a body arrives (respond completes every failure after it): the client's. */
  private ExceptionHandler bodyFailures() {
    return ExceptionHandler.newBuilder()
        .match(
            EntityStreamSizeException.class,
            e ->
                complete(
                    errors.response(
                        ErrorCode.REQUEST_TOO_LARGE,
                        "the request body exceeds " + e.limit() + " bytes")))
        // the directive reports a body that did not arrive in time as a 408 IllegalRequestException
        .match(
            IllegalRequestException.class,
            e ->
                complete(
                    e.status().intValue() == 408
                        ? bodyTimeout()
                        : errors.response(
                            ErrorCode.VALIDATION_ERROR,
                            "the request body could not be read: " + e.getMessage())))
        .match(TimeoutException.class, e -> complete(bodyTimeout()))
        .match(
            EntityStreamException.class,
            e ->
                complete(
                    errors.response(
                        ErrorCode.VALIDATION_ERROR,
                        "the request body could not be read: " + e.getMessage())))
        .build();
  }

  /**
   * The caller as events record it (authentication will fill in the actor), with the change's
   * idempotency key ({@code Idempotency-Key}, else a request id the client chose) and deadline (the
   * request timeout, or the shorter {@code X-Castellan-Timeout} in milliseconds).
   */
  protected Route withRequestInfo(Function<RequestInfo, Route> inner) {
    return optionalHeaderValueByName(
        REQUEST_ID,
        requestId ->
            optionalHeaderValueByName(
                REASON,
                reason ->
                    optionalHeaderValueByName(
                        IDEMPOTENCY_KEY,
                        key ->
                            optionalHeaderValueByName(
                                TIMEOUT,
                                timeout -> {
                                  Optional<String> clientId =
                                      requestId.filter(id -> !id.isBlank() && id.length() <= 128);
                                  return inner.apply(
                                      new RequestInfo(
                                          RequestInfo.ANONYMOUS,
                                          clientId.orElseGet(() -> UUID.randomUUID().toString()),
                                          reason.filter(text -> text.length() <= 1024).orElse(null),
                                          key.map(JsonRoutes::idempotencyKey)
                                              .or(() -> clientId)
                                              .orElse(null),
                                          null,
                                          Instant.now()
                                              .plus(
                                                  timeout
                                                      .map(this::clientTimeout)
                                                      .orElse(deadline.timeout()))));
                                }))));
  }

  private static String idempotencyKey(String key) {
    if (key.isBlank() || key.length() > 255) {
      throw new BadRequest("'" + IDEMPOTENCY_KEY + "' must be 1-255 characters");
    }
    return key;
  }

  /** A client's own timeout, in milliseconds: no longer than the request timeout. */
  private Duration clientTimeout(String millis) {
    try {
      long value = Long.parseLong(millis.trim());
      if (value > 0) {
        return Duration.ofMillis(Math.min(value, deadline.timeout().toMillis()));
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new BadRequest("'" + TIMEOUT + "' must be a positive number of milliseconds");
  }

  /**
   * The tuple operations both APIs share under an organization's path: write, read, check,
   * batch-check, expand, list-objects, list-users, changes ({@code nativeShape}: with revisions).
   */
  protected Route tupleRoutes(String org, boolean nativeShape) {
    return concat(
        path(
            "write",
            () ->
                post(
                    () ->
                        withRequestInfo(
                            request ->
                                withChangeBody(
                                    body -> api.writes.write(org, body, request, nativeShape))))),
        path(
            "read",
            () -> post(() -> withBody(body -> read(ReadOperation.READ, org, body, nativeShape)))),
        path(
            "check",
            () -> post(() -> withBody(body -> read(ReadOperation.CHECK, org, body, nativeShape)))),
        path(
            "batch-check",
            () ->
                post(
                    () ->
                        withBody(body -> read(ReadOperation.BATCH_CHECK, org, body, nativeShape)))),
        path(
            "expand",
            () -> post(() -> withBody(body -> read(ReadOperation.EXPAND, org, body, nativeShape)))),
        path(
            "list-objects",
            () ->
                post(
                    () ->
                        withBody(
                            body -> read(ReadOperation.LIST_OBJECTS, org, body, nativeShape)))),
        path(
            "list-users",
            () ->
                post(
                    () ->
                        withBody(body -> read(ReadOperation.LIST_USERS, org, body, nativeShape)))),
        path(
            "changes",
            () ->
                get(
                    () ->
                        parameterOptional(
                            "type",
                            type ->
                                parameterOptional(
                                    "page_size",
                                    size ->
                                        parameterOptional(
                                            "continuation_token",
                                            token ->
                                                respond(
                                                    () ->
                                                        api.changes.changes(
                                                            org,
                                                            type.orElse(null),
                                                            size.map(JsonRoutes::pageSize)
                                                                .orElse(0),
                                                            token.orElse(null)))))))));
  }

  /** A read, answered where the organization lives (see {@link ReadRouting}). */
  protected CompletionStage<ApiResult> read(
      ReadOperation operation, String org, JsonNode body, boolean nativeShape) {
    return api.reads.answer(operation, org, body, nativeShape);
  }

  /** The parameters of a page of models, as a read's body. */
  protected JsonNode modelPage(int pageSize, String continuationToken) {
    return mapper
        .createObjectNode()
        .put("page_size", pageSize)
        .put("continuation_token", continuationToken);
  }

  /** The page size a request gets: 50 when it names none, at most 100. */
  static int boundedPageSize(int requested) {
    return requested <= 0 ? 50 : Math.min(requested, 100);
  }

  /** A {@code page_size} query parameter. */
  static int pageSize(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new BadRequest("'page_size' must be an integer");
    }
  }

  /**
   * Completes with the result or, for any failure (thrown, asynchronous, or the request timeout),
   * the error body.
   */
  protected Route respond(Supplier<CompletionStage<ApiResult>> work) {
    return respond(work, timedOut);
  }

  /** {@link #respond} for a change: past the request timeout its outcome is unknown. */
  protected Route respondToChange(Supplier<CompletionStage<ApiResult>> work) {
    return respond(work, changeTimedOut);
  }

  private Route respond(Supplier<CompletionStage<ApiResult>> work, ApiResult late) {
    CompletionStage<ApiResult> result;
    try {
      result = deadline.bound(work.get(), late);
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return completeWithFuture(
        result.handle(
            (value, failure) -> failure == null ? render(value) : errors.response(failure)));
  }

  private HttpResponse render(ApiResult result) {
    try {
      HttpResponse response = HttpResponse.create().withStatus(result.status());
      if (result.status() != 204) { // a 204 must not carry a body
        response =
            response.withEntity(
                ContentTypes.APPLICATION_JSON,
                result.rendered() != null
                    ? result.rendered()
                    : mapper.writeValueAsBytes(result.body()));
      }
      if (result.revision() >= 0) {
        response =
            response.addHeader(RawHeader.create(REVISION, RevisionToken.of(result.revision())));
      }
      return response;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
