package io.castellan.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.protocol.RevisionToken;
import io.castellan.protocol.Scope;
import io.castellan.server.domain.BuiltinModel;
import io.castellan.server.domain.Kind;
import io.castellan.server.forwarding.ReadOperation;
import io.castellan.server.http.request.AuditParameters;
import io.castellan.server.http.request.BadRequest;
import io.castellan.server.http.request.NewOrganizationBody;
import io.castellan.server.organization.Caller;
import io.castellan.server.organization.JournaledTuple;
import io.castellan.server.organization.OrganizationCommand.Summary;
import io.castellan.server.organization.RequestInfo;
import io.castellan.server.service.OrganizationService;
import io.castellan.server.watch.WatchMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Castellan's own API under {@code /v1/orgs/{org}}: organizations named by the caller, OpenFGA's
 * request shapes, and revision tokens on every answer ({@code revision}) and read ({@code
 * consistency} with {@code revision}).
 */
final class NativeRoutes extends JsonRoutes {

  /** Newline-delimited JSON: one audit entry per line. */
  private static final ContentType NDJSON =
      ContentTypes.create(
          MediaTypes.customWithFixedCharset(
              "application", "x-ndjson", HttpCharsets.UTF_8, Map.of(), false));

  private final OrganizationService organizations;
  private final WatchSocket sockets;
  private final ManagementRoutes management;

  NativeRoutes(
      AuthorizationApi api,
      OrganizationService organizations,
      ObjectMapper mapper,
      RequestDeadline deadline,
      WatchSocket sockets) {
    super(api, mapper, deadline);
    this.organizations = organizations;
    this.sockets = sockets;
    this.management = new ManagementRoutes(api, mapper, deadline);
  }

  List<Endpoint> endpoints() {
    String org = "/v1/orgs/{org}";
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(
        new Endpoint(
            HttpMethods.PUT,
            org,
            Scope.ADMIN,
            "org",
            (path, caller) ->
                change(caller, (request, body) -> create(path.get("org"), body, request))));
    endpoints.add(
        new Endpoint(
            HttpMethods.GET,
            org,
            Scope.READ,
            "org",
            (path, caller) ->
                respond(
                    () ->
                        organizations
                            .summary(path.get("org"), caller, Scope.READ)
                            .thenApply(this::answer))));
    endpoints.add(
        new Endpoint(
            HttpMethods.DELETE,
            org,
            Scope.ADMIN,
            "org",
            (path, caller) ->
                changeWithoutBody(
                    caller,
                    request ->
                        organizations.delete(path.get("org"), request).thenApply(this::answer))));
    endpoints.addAll(modelEndpoints(org + "/models", "org", true, 100));
    endpoints.addAll(keyEndpoints(org + "/keys", "org"));
    endpoints.add(
        new Endpoint(
            HttpMethods.GET,
            org + "/audit",
            Scope.AUDIT,
            "org",
            (path, caller) -> audit(path.get("org"), caller)));
    endpoints.add(
        new Endpoint(
            HttpMethods.GET,
            org + "/diff",
            Scope.AUDIT,
            "org",
            (path, caller) ->
                parameterOptional(
                    "from",
                    from ->
                        parameterOptional(
                            "to",
                            to ->
                                respond(
                                    () ->
                                        api.history.diff(
                                            path.get("org"),
                                            caller,
                                            from.orElse(null),
                                            to.orElse(null)))))));
    endpoints.add(
        new Endpoint(
            HttpMethods.GET,
            org + "/decision-log",
            Scope.AUDIT,
            "org",
            (path, caller) -> respond(() -> api.decisions.policy(path.get("org"), caller))));
    endpoints.add(
        new Endpoint(
            HttpMethods.PUT,
            org + "/decision-log",
            Scope.ADMIN,
            "org",
            (path, caller) ->
                change(
                    caller,
                    (request, body) -> api.decisions.setPolicy(path.get("org"), request, body))));
    endpoints.add(
        new Endpoint(
            HttpMethods.POST,
            org + "/undo",
            Scope.WRITE,
            "org",
            (path, caller) ->
                change(caller, (request, body) -> api.undo.undo(path.get("org"), request, body))));
    endpoints.add(
        new Endpoint(
            HttpMethods.GET,
            org + "/watch",
            Scope.WATCH,
            "org",
            (path, caller) -> watch(path.get("org"), caller)));
    endpoints.addAll(tupleEndpoints(org, "org", true));
    endpoints.addAll(management.endpoints(org));
    endpoints.add(readEndpoint(org + "/export", ReadOperation.EXPORT, "org", true));
    return endpoints;
  }

  /**
   * A new organization, with the built-in model unless the body says {@code "model": "none"}, and
   * its first admins: the way into the management endpoints for a user's own token.
   */
  private CompletionStage<ApiResult> create(String org, byte[] json, RequestInfo request) {
    NewOrganizationBody body =
        api.bodies.bindStrictly(json, NewOrganizationBody.class, NewOrganizationBody.FIELDS);
    String id = validId(org);
    List<JournaledTuple> admins = new ArrayList<>();
    for (String admin : body.admins()) {
      if (!admin.startsWith("user:")) {
        throw new BadRequest("an admin is written user:<id>, not " + admin);
      }
      Kind.USERS.validId(admin.substring("user:".length()));
      if (!body.builtinModel()) {
        throw new BadRequest("admins need the built-in model (\"model\": \"builtin\")");
      }
      admins.add(new JournaledTuple("organization:" + id, "admin", admin, null, null));
      admins.add(new JournaledTuple(admin, "organization", "organization:" + id, null, null));
    }
    return organizations
        .create(
            id,
            body.name() == null ? org : body.name(),
            body.builtinModel() ? BuiltinModel.json() : null,
            admins,
            request)
        .thenApply(summary -> new ApiResult(201, organization(summary), summary.revision()));
  }

  /** The audit trail: streamed as NDJSON when the client accepts it, else a page. */
  private Route audit(String org, Caller caller) {
    return optionalHeaderValueByName(
        "Accept",
        accept ->
            parameterMap(
                parameters -> {
                  boolean streamed =
                      accept.filter(value -> value.contains(NDJSON.toString())).isPresent();
                  if ("decisions".equals(parameters.get("kind"))) {
                    return streamed
                        ? respondWith(
                            () ->
                                api.decisions.stream(org, caller, parameters)
                                    .thenApply(
                                        lines ->
                                            HttpResponse.create()
                                                .withEntity(HttpEntities.create(NDJSON, lines))))
                        : respond(() -> api.decisions.page(org, caller, parameters));
                  }
                  AuditParameters query = new AuditParameters(parameters);
                  if (streamed) {
                    return respondWith(
                        () ->
                            api.history
                                .auditStream(org, caller, query)
                                .thenApply(
                                    lines ->
                                        HttpResponse.create()
                                            .withEntity(HttpEntities.create(NDJSON, lines))));
                  }
                  return respond(() -> api.history.auditPage(org, caller, query));
                }));
  }

  /**
   * A watch stream: over a WebSocket when the request upgrades, else as Server-Sent Events when the
   * client accepts them (an SSE client's {@code Last-Event-ID} resumes it).
   */
  private Route watch(String org, Caller caller) {
    return extractRequest(
        request ->
            parameterMap(
                parameters -> {
                  Optional<WebSocketUpgrade> upgrade =
                      request.getAttribute(AttributeKeys.webSocketUpgrade);
                  if (upgrade.isPresent()) {
                    CompletableFuture<String> stop = new CompletableFuture<>();
                    return respondWith(
                        () ->
                            api.watch
                                .open(org, caller, parameters, null, stop)
                                .thenApply(
                                    messages ->
                                        sockets.accept(
                                            upgrade.get(), messages, api.watch::json, stop)));
                  }
                  if (request
                      .getHeader("Accept")
                      .filter(accept -> accept.value().contains("text/event-stream"))
                      .isPresent()) {
                    String lastEventId =
                        request.getHeader("Last-Event-ID").map(HttpHeader::value).orElse(null);
                    return onComplete(
                        api.watch.open(
                            org, caller, parameters, lastEventId, new CompletableFuture<>()),
                        opened ->
                            opened.isSuccess()
                                ? completeOK(
                                    opened.get().mapConcat(batch -> batch).map(this::event),
                                    EventStreamMarshalling.toEventStream())
                                : complete(errors.response(opened.failed().get())));
                  }
                  return respond(
                      () ->
                          organizations
                              .summary(org, caller, Scope.WATCH)
                              .thenApply(
                                  summary -> {
                                    throw new BadRequest(
                                        "a watch upgrades to a WebSocket, or streams Server-Sent"
                                            + " Events to a client that accepts"
                                            + " text/event-stream");
                                  }));
                }));
  }

  private ServerSentEvent event(WatchMessage message) {
    return ServerSentEvent.create(
        api.watch.json(message), WatchApi.type(message), RevisionToken.of(message.revision()));
  }

  private ApiResult answer(Summary summary) {
    return ApiResult.ok(organization(summary), summary.revision());
  }

  /** Organization ids: 1-64 letters, digits, '-', '_' or '.'. */
  private static String validId(String id) {
    if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new BadRequest("an organization id is 1-64 letters, digits, '-', '_' or '.'");
    }
    return id;
  }

  private ObjectNode organization(Summary summary) {
    ObjectNode out =
        mapper
            .createObjectNode()
            .put("id", summary.id())
            .put("name", summary.name())
            .put("status", summary.status().name())
            .put("revision", RevisionToken.of(summary.revision()));
    if (summary.latestModelId() != null) {
      out.put("latest_model_id", summary.latestModelId());
    }
    if (summary.host() != null) { // the node whose memory answers its reads (operators route by it)
      out.put("host", summary.host());
    }
    if (summary.groupCommit() != null) { // since the organization started on that node
      out.putObject("group_commit")
          .put("journal_writes", summary.groupCommit().journalWrites())
          .put("writes", summary.groupCommit().writes())
          .put("largest", summary.groupCommit().largest());
    }
    return out;
  }
}
