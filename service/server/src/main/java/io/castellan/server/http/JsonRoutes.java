package io.castellan.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.protocol.ErrorCode;
import io.castellan.protocol.RevisionToken;
import io.castellan.protocol.Scope;
import io.castellan.server.forwarding.ReadOperation;
import io.castellan.server.http.request.BadRequest;
import io.castellan.server.organization.Caller;
import io.castellan.server.organization.RequestInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethods;
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

  static final String REQUEST_ID = RequestLog.REQUEST_ID;
  static final String REASON = "X-Castellan-Reason";
  static final String REVISION = "X-Castellan-Revision";
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String TIMEOUT = "X-Castellan-Timeout";
  private static final byte[] EMPTY_BODY = new byte[0];

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
  private Route withBody(Function<byte[], CompletionStage<ApiResult>> handler) {
    return withBody(handler, timedOut);
  }

  /** {@link #withBody} for a change: past the request timeout its outcome is unknown. */
  private Route withChangeBody(Function<byte[], CompletionStage<ApiResult>> handler) {
    return withBody(handler, changeTimedOut);
  }

  private Route withBody(Function<byte[], CompletionStage<ApiResult>> handler, ApiResult late) {
    return extractRequestEntity(
        entity ->
            entity instanceof HttpEntity.Strict strict
                ? respond(() -> handler.apply(strict.getData().toArray()), late)
                : handleExceptions(
                    bodyFailures,
                    () ->
                        extractStrictEntity(
                            deadline.timeout(),
                            arrived ->
                                respond(() -> handler.apply(arrived.getData().toArray()), late))));
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
   * The caller as events record it, with the change's idempotency key ({@code Idempotency-Key},
   * else a request id the client chose) and deadline (the request timeout, or the shorter {@code
   * X-Castellan-Timeout} in milliseconds).
   */
  private Route withRequestInfo(Caller caller, Function<RequestInfo, Route> inner) {
    return optionalHeaderValueByName(
        RequestLog.ASSIGNED_ID,
        assignedId ->
            optionalHeaderValueByName(
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
                                              requestId.filter(RequestLog::usable);
                                          return inner.apply(
                                              new RequestInfo(
                                                  caller,
                                                  clientId
                                                      .or(() -> assignedId)
                                                      .orElseGet(
                                                          () -> UUID.randomUUID().toString()),
                                                  reason
                                                      .filter(text -> text.length() <= 1024)
                                                      .orElse(null),
                                                  key.map(JsonRoutes::idempotencyKey)
                                                      .or(() -> clientId)
                                                      .orElse(null),
                                                  null,
                                                  Instant.now()
                                                      .plus(
                                                          timeout
                                                              .map(this::clientTimeout)
                                                              .orElse(deadline.timeout()))));
                                        })))));
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
   * The tuple operations both APIs share under an organization's path ({@code prefix}, whose
   * parameter {@code org} names it): write, read, check, batch-check, expand, list-objects,
   * list-users, changes ({@code nativeShape}: with revisions).
   */
  protected List<Endpoint> tupleEndpoints(String prefix, String org, boolean nativeShape) {
    return List.of(
        new Endpoint(
            HttpMethods.POST,
            prefix + "/write",
            Scope.WRITE,
            org,
            (path, caller) ->
                change(
                    caller,
                    (request, body) ->
                        api.writes.write(path.get(org), body, request, nativeShape))),
        readEndpoint(prefix + "/read", ReadOperation.READ, org, nativeShape),
        readEndpoint(prefix + "/check", ReadOperation.CHECK, org, nativeShape),
        readEndpoint(prefix + "/batch-check", ReadOperation.BATCH_CHECK, org, nativeShape),
        readEndpoint(prefix + "/expand", ReadOperation.EXPAND, org, nativeShape),
        readEndpoint(prefix + "/list-objects", ReadOperation.LIST_OBJECTS, org, nativeShape),
        readEndpoint(prefix + "/list-users", ReadOperation.LIST_USERS, org, nativeShape),
        new Endpoint(
            HttpMethods.GET,
            prefix + "/changes",
            Scope.READ,
            org,
            (path, caller) ->
                parameterOptional(
                    "type",
                    type ->
                        withPage(
                            (size, token) ->
                                respond(
                                    () ->
                                        api.changes.changes(
                                            path.get(org),
                                            caller,
                                            type.orElse(null),
                                            size,
                                            token))))));
  }

  /** A read with a JSON body, answered where the organization lives (see {@link ReadRouting}). */
  protected Endpoint readEndpoint(
      String template, ReadOperation operation, String org, boolean nativeShape) {
    return new Endpoint(
        HttpMethods.POST,
        template,
        Scope.READ,
        org,
        (path, caller) ->
            withBody(
                body -> api.reads.answer(operation, path.get(org), body, nativeShape, caller)));
  }

  /** The model endpoints: write one, list them a page at a time, read one by id. */
  protected List<Endpoint> modelEndpoints(
      String models, String org, boolean nativeShape, int defaultPageSize) {
    return List.of(
        new Endpoint(
            HttpMethods.POST,
            models,
            Scope.ADMIN,
            org,
            (path, caller) ->
                change(
                    caller,
                    (request, body) ->
                        api.models.writeModel(path.get(org), body, request, nativeShape))),
        new Endpoint(
            HttpMethods.GET,
            models,
            Scope.READ,
            org,
            (path, caller) ->
                withPage(
                    (size, token) ->
                        respond(
                            () ->
                                api.reads.answer(
                                    ReadOperation.READ_MODELS,
                                    path.get(org),
                                    modelPage(size == 0 ? defaultPageSize : size, token),
                                    nativeShape,
                                    caller)))),
        new Endpoint(
            HttpMethods.GET,
            models + "/{model}",
            Scope.READ,
            org,
            (path, caller) ->
                respond(
                    () ->
                        api.reads.answer(
                            ReadOperation.READ_MODEL,
                            path.get(org),
                            json(mapper.createObjectNode().put("id", path.get("model"))),
                            nativeShape,
                            caller))));
  }

  /** An organization's API keys: create one, list them, revoke one (all need {@code admin}). */
  protected List<Endpoint> keyEndpoints(String keys, String org) {
    return List.of(
        new Endpoint(
            HttpMethods.POST,
            keys,
            Scope.ADMIN,
            org,
            (path, caller) ->
                change(caller, (request, body) -> api.keys.create(path.get(org), body, request))),
        new Endpoint(
            HttpMethods.GET,
            keys,
            Scope.ADMIN,
            org,
            (path, caller) ->
                respond(
                    () ->
                        api.reads.answer(
                            ReadOperation.LIST_KEYS, path.get(org), EMPTY_BODY, true, caller))),
        new Endpoint(
            HttpMethods.DELETE,
            keys + "/{key}",
            Scope.ADMIN,
            org,
            (path, caller) ->
                changeWithoutBody(
                    caller, request -> api.keys.revoke(path.get(org), path.get("key"), request))));
  }

  /** A change with a JSON body: the caller, the body, and an unknown outcome past the timeout. */
  protected Route change(
      Caller caller, BiFunction<RequestInfo, byte[], CompletionStage<ApiResult>> handler) {
    return withRequestInfo(caller, request -> withChangeBody(body -> handler.apply(request, body)));
  }

  /** A change without a body (a delete). */
  protected Route changeWithoutBody(
      Caller caller, Function<RequestInfo, CompletionStage<ApiResult>> handler) {
    return withRequestInfo(caller, request -> respondToChange(() -> handler.apply(request)));
  }

  /** The {@code page_size} (0: none given) and {@code continuation_token} query parameters. */
  protected Route withPage(BiFunction<Integer, String, Route> inner) {
    return parameterOptional(
        "page_size",
        size ->
            parameterOptional(
                "continuation_token",
                token ->
                    inner.apply(size.map(JsonRoutes::pageSize).orElse(0), token.orElse(null))));
  }

  /** The parameters of a page of models, as a read's body. */
  private byte[] modelPage(int pageSize, String continuationToken) {
    return json(
        mapper
            .createObjectNode()
            .put("page_size", pageSize)
            .put("continuation_token", continuationToken));
  }

  /** Parameters as the JSON body of a read that may be forwarded. */
  protected byte[] json(JsonNode parameters) {
    try {
      return mapper.writeValueAsBytes(parameters);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
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

  /**
   * Completes with the response {@code work} makes (a stream), or, for any failure before it, the
   * error body.
   */
  protected Route respondWith(Supplier<CompletionStage<HttpResponse>> work) {
    CompletionStage<HttpResponse> response;
    try {
      response = work.get();
    } catch (RuntimeException e) {
      response = CompletableFuture.failedFuture(e);
    }
    return completeWithFuture(
        response.handle((value, failure) -> failure == null ? value : errors.response(failure)));
  }

  /** {@link #respond} for a change: past the request timeout its outcome is unknown. */
  private Route respondToChange(Supplier<CompletionStage<ApiResult>> work) {
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
