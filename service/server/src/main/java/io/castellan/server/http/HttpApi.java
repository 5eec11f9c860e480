package io.castellan.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.protocol.ErrorCode;
import io.castellan.protocol.Scope;
import io.castellan.server.auth.Authentication;
import io.castellan.server.decisions.DecisionLog;
import io.castellan.server.forwarding.HostCache;
import io.castellan.server.forwarding.HostedReads;
import io.castellan.server.forwarding.ReadForwarder;
import io.castellan.server.history.AuditLog;
import io.castellan.server.history.HistoricalStates;
import io.castellan.server.history.Provenance;
import io.castellan.server.history.TupleDiff;
import io.castellan.server.history.UndoPlanner;
import io.castellan.server.http.request.RequestLimits;
import io.castellan.server.journal.ChangeLog;
import io.castellan.server.journal.OrganizationDirectory;
import io.castellan.server.organization.AccessPolicy;
import io.castellan.server.read.Followers;
import io.castellan.server.read.ReadExecutor;
import io.castellan.server.service.OrganizationService;
import io.castellan.server.watch.WatchStream;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.Rejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole HTTP surface: OpenFGA's API, the native API, and the limits and error handling that
 * wrap both (body size, one JSON error body for every failure; the request timeout is in {@link
 * RequestDeadline}); and the same reads as other nodes forward them here ({@link #hostedReads()}).
 */
public final class HttpApi extends AllDirectives {

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  /**
   * The HTTP settings of {@code castellan.http} and {@code castellan.organization}. {@code
   * accessLog}: a log line per request; {@code maxForwardedAnswerBytes}: the largest answer a read
   * forwarded here from another node may carry back; {@code maxModelTypes}, {@code maxModelBytes}:
   * the largest model a write may bring.
   */
  public record Settings(
      long maxBodyBytes,
      Duration requestTimeout,
      long maxForwardedAnswerBytes,
      int maxTuplesPerWrite,
      int maxChecksPerBatch,
      int maxModelTypes,
      int maxModelBytes,
      boolean noopEndpoint,
      boolean accessLog) {}

  private static final HttpResponse NOOP_ANSWER =
      HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, "{\"allowed\":true}");

  private final OpenFgaRoutes openFga;
  private final LocalReads localReads;
  private final NativeRoutes nativeApi;
  private final ApiErrors errors;
  private final Router router;
  private final long maxBodyBytes;
  // built once: the route's inner suppliers run per request
  private final ExceptionHandler exceptionHandler;
  private final ExceptionHandler unroutedFailures;
  private final RejectionHandler rejectionHandler;
  private final HttpResponse tooLarge;
  private final HttpResponse notFound;

  /**
   * {@code forwarder} and {@code hosts}: where reads of organizations hosted on other nodes go (see
   * {@link ReadRouting}).
   */
  public HttpApi(
      ActorSystem<?> system,
      OrganizationService organizations,
      OrganizationDirectory directory,
      ChangeLog changeLog,
      WatchStream watch,
      DecisionLog decisions,
      ReadExecutor reads,
      ReadForwarder forwarder,
      HostCache hosts,
      HistoricalStates historicalStates,
      Followers followers,
      Authentication authentication,
      AccessPolicy policy,
      Supplier<String> metrics,
      MeterRegistry meters,
      ObjectMapper mapper,
      Settings settings) {
    AuthorizationApi api =
        new AuthorizationApi(
            organizations,
            changeLog,
            watch,
            new AuditLog(system),
            new TupleDiff(system),
            historicalStates,
            new UndoPlanner(system, historicalStates),
            new Provenance(system),
            decisions,
            reads,
            mapper,
            forwarder,
            hosts,
            followers,
            policy,
            new RequestLimits(settings.maxTuplesPerWrite(), settings.maxChecksPerBatch()),
            new ModelApi.Limits(settings.maxModelTypes(), settings.maxModelBytes()));
    RequestDeadline deadline =
        new RequestDeadline(settings.requestTimeout(), system.executionContext());
    this.openFga = new OpenFgaRoutes(api, organizations, directory, mapper, deadline);
    this.nativeApi =
        new NativeRoutes(api, organizations, mapper, deadline, new WatchSocket(system));
    this.errors = new ApiErrors(mapper);
    this.localReads =
        new LocalReads(
            organizations, api.reads, errors, mapper, settings.maxForwardedAnswerBytes());
    this.tooLarge =
        errors.response(
            ErrorCode.REQUEST_TOO_LARGE,
            "the request body exceeds " + settings.maxBodyBytes() + " bytes");
    this.notFound = errors.response(ErrorCode.UNDEFINED_ENDPOINT, "no such endpoint");
    List<Endpoint> endpoints = new ArrayList<>(openFga.endpoints());
    endpoints.addAll(nativeApi.endpoints());
    endpoints.add(
        new Endpoint(
            HttpMethods.GET,
            "/metrics",
            Scope.ADMIN,
            null,
            (path, caller) ->
                caller.unrestricted()
                    ? complete(
                        HttpResponse.create()
                            .withEntity(
                                ContentTypes.TEXT_PLAIN_UTF8, metrics.get())) // Prometheus text
                    : complete(
                        errors.response(ErrorCode.FORBIDDEN, "metrics are for the operator key"))));
    if (settings.noopEndpoint()) {
      // what the HTTP layer alone costs: benchmarks compare checks against this
      endpoints.add(
          new Endpoint(
              HttpMethods.POST,
              "/noop",
              Scope.READ,
              null,
              (path, caller) -> complete(NOOP_ANSWER)));
    }
    this.maxBodyBytes = settings.maxBodyBytes();
    this.exceptionHandler = exceptionHandler();
    this.unroutedFailures = unroutedFailures();
    this.rejectionHandler = rejectionHandler();
    OversizedBodies oversized =
        new OversizedBodies(settings.maxBodyBytes(), settings.requestTimeout(), tooLarge);
    this.router =
        new Router(
            endpoints,
            new CallerDirectives(authentication, errors),
            new HttpMetrics(meters),
            new RequestLog(settings.accessLog()),
            // inside each endpoint, so that its metrics and log lines see every answer it gives
            route -> handled(() -> oversized.refusedBefore(route)));
  }

  /** How this node answers the reads other nodes forward to it. */
  public HostedReads hostedReads() {
    return localReads;
  }

  /** Every endpoint of both APIs (and the benchmarks' no-op one when configured). */
  public List<EndpointInfo> endpoints() {
    return router.endpoints().stream()
        .map(
            endpoint ->
                new EndpointInfo(
                    endpoint.method().name(),
                    endpoint.template(),
                    endpoint.scope().label,
                    endpoint.organization()))
        .toList();
  }

  public Route routes() {
    Route routes = router.route();
    Route limited = withSizeLimit(maxBodyBytes, () -> routes);
    // the request timeout is applied where answers are rendered (RequestDeadline), not here
    // past every endpoint's own handlers (see the Router): only the router itself fails here
    return handleExceptions(
        unroutedFailures, () -> handleRejections(rejectionHandler, () -> limited));
  }

  /** Failures and rejections answered with the error body. */
  private Route handled(Supplier<Route> inner) {
    return handleExceptions(exceptionHandler, () -> handleRejections(rejectionHandler, inner));
  }

  /** An endpoint's failures: RequestLog logs those inside the server, with the request's id. */
  private ExceptionHandler exceptionHandler() {
    return ExceptionHandler.newBuilder()
        .match(EntityStreamSizeException.class, e -> complete(tooLarge))
        .matchAny(e -> complete(errors.response(e)))
        .build();
  }

  /** A failure outside every endpoint, logged here: no request log sees it. */
  private ExceptionHandler unroutedFailures() {
    return ExceptionHandler.newBuilder()
        .match(EntityStreamSizeException.class, e -> complete(tooLarge))
        .matchAny(
            e -> {
              LOG.error("request failed outside any endpoint", e);
              return complete(errors.response(e));
            })
        .build();
  }

  private RejectionHandler rejectionHandler() {
    return RejectionHandler.newBuilder()
        .handle(
            MalformedRequestContentRejection.class,
            rejection ->
                complete(
                    rejection.getCause() instanceof EntityStreamSizeException
                        ? tooLarge
                        : errors.response(ErrorCode.VALIDATION_ERROR, rejection.message())))
        .handleAll(
            MethodRejection.class,
            rejections ->
                complete(
                    errors.response(
                        ErrorCode.METHOD_NOT_ALLOWED,
                        "method not allowed; use "
                            + rejections.stream()
                                .map(r -> r.supported().name())
                                .distinct()
                                .toList())))
        .handle(
            Rejection.class,
            rejection ->
                complete(
                    errors.response(
                        ErrorCode.VALIDATION_ERROR,
                        "the request could not be handled: " + rejection)))
        .handleNotFound(complete(notFound))
        .build();
  }
}
