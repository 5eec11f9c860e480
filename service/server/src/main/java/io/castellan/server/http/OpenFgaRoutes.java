package io.castellan.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.protocol.ContinuationToken;
import io.castellan.protocol.Scope;
import io.castellan.server.http.request.OrganizationBody;
import io.castellan.server.journal.OrganizationDirectory;
import io.castellan.server.organization.Caller;
import io.castellan.server.organization.OrganizationCommand.Summary;
import io.castellan.server.organization.RequestInfo;
import io.castellan.server.organization.Ulid;
import io.castellan.server.service.OrganizationService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpMethods;

/**
 * OpenFGA's HTTP API, so that OpenFGA's SDKs work unchanged: a store is an organization. Paths,
 * request and response shapes and error codes follow OpenFGA's.
 */
final class OpenFgaRoutes extends JsonRoutes {

  private final OrganizationService organizations;
  private final OrganizationDirectory directory;

  OpenFgaRoutes(
      AuthorizationApi api,
      OrganizationService organizations,
      OrganizationDirectory directory,
      ObjectMapper mapper,
      RequestDeadline deadline) {
    super(api, mapper, deadline);
    this.organizations = organizations;
    this.directory = directory;
  }

  List<Endpoint> endpoints() {
    String store = "/stores/{store}";
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(
        new Endpoint(
            HttpMethods.POST,
            "/stores",
            Scope.ADMIN,
            null,
            (path, caller) -> change(caller, (request, body) -> create(body, request))));
    endpoints.add(
        new Endpoint(
            HttpMethods.GET,
            "/stores",
            Scope.READ,
            null,
            (path, caller) ->
                withPage((size, token) -> respond(() -> listStores(size, token, caller)))));
    endpoints.add(
        new Endpoint(
            HttpMethods.GET,
            store,
            Scope.READ,
            "store",
            (path, caller) ->
                respond(
                    () ->
                        organizations
                            .summary(path.get("store"), caller, Scope.READ)
                            .thenApply(
                                summary -> ApiResult.ok(store(summary), summary.revision())))));
    endpoints.add(
        new Endpoint(
            HttpMethods.DELETE,
            store,
            Scope.ADMIN,
            "store",
            (path, caller) ->
                changeWithoutBody(
                    caller,
                    request ->
                        organizations
                            .delete(path.get("store"), request)
                            .thenApply(
                                summary ->
                                    new ApiResult(
                                        204, mapper.createObjectNode(), summary.revision())))));
    endpoints.addAll(modelEndpoints(store + "/authorization-models", "store", false, 0));
    endpoints.addAll(tupleEndpoints(store, "store", false));
    return endpoints;
  }

  private CompletionStage<ApiResult> create(byte[] body, RequestInfo request) {
    String name = api.bodies.bind(body, OrganizationBody.class).requiredName();
    return organizations
        .create(Ulid.next(Instant.now()), name, request)
        .thenApply(summary -> new ApiResult(201, store(summary), summary.revision()));
  }

  private CompletionStage<ApiResult> listStores(int pageSize, String token, Caller caller) {
    int size = JsonRoutes.boundedPageSize(pageSize);
    String query = ContinuationToken.query("stores");
    return directory
        .list(size, ContinuationToken.position(token, query), caller)
        .thenApply(
            page -> {
              ObjectNode out = mapper.createObjectNode();
              var stores = out.putArray("stores");
              page.organizations().forEach(summary -> stores.add(store(summary)));
              out.put(
                  "continuation_token",
                  page.lastId() == null ? "" : ContinuationToken.encode(query, page.lastId()));
              return ApiResult.ok(out, -1);
            });
  }

  private ObjectNode store(Summary summary) {
    String created =
        summary.createdAt() == null ? Instant.EPOCH.toString() : summary.createdAt().toString();
    return mapper
        .createObjectNode()
        .put("id", summary.id())
        .put("name", summary.name())
        .put("created_at", created)
        .put("updated_at", created);
  }
}
