package io.castellan.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.protocol.ContinuationToken;
import io.castellan.server.forwarding.ReadOperation;
import io.castellan.server.http.request.OrganizationBody;
import io.castellan.server.journal.OrganizationDirectory;
import io.castellan.server.organization.OrganizationCommand.Summary;
import io.castellan.server.organization.Ulid;
import io.castellan.server.service.OrganizationService;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

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

  Route routes() {
    return pathPrefix(
        "stores",
        () ->
            concat(
                pathEnd(
                    () ->
                        concat(
                            post(
                                () ->
                                    withRequestInfo(
                                        request ->
                                            withChangeBody(
                                                body -> {
                                                  String name =
                                                      api.bodies
                                                          .bind(body, OrganizationBody.class)
                                                          .requiredName();
                                                  return organizations
                                                      .create(
                                                          Ulid.next(Instant.now()), name, request)
                                                      .thenApply(
                                                          summary ->
                                                              new ApiResult(
                                                                  201,
                                                                  store(summary),
                                                                  summary.revision()));
                                                }))),
                            get(
                                () ->
                                    parameterOptional(
                                        "page_size",
                                        size ->
                                            parameterOptional(
                                                "continuation_token",
                                                token ->
                                                    respond(
                                                        () ->
                                                            listStores(
                                                                size.map(JsonRoutes::pageSize)
                                                                    .orElse(0),
                                                                token.orElse(null)))))))),
                pathPrefix(
                    PathMatchers.segment(),
                    store ->
                        concat(
                            pathEnd(
                                () ->
                                    concat(
                                        get(
                                            () ->
                                                respond(
                                                    () ->
                                                        storeResult(organizations.summary(store)))),
                                        delete(
                                            () ->
                                                withRequestInfo(
                                                    request ->
                                                        respondToChange(
                                                            () ->
                                                                organizations
                                                                    .delete(store, request)
                                                                    .thenApply(
                                                                        summary ->
                                                                            new ApiResult(
                                                                                204,
                                                                                mapper
                                                                                    .createObjectNode(),
                                                                                summary
                                                                                    .revision()))))))),
                            pathPrefix(
                                "authorization-models",
                                () ->
                                    concat(
                                        pathEnd(
                                            () ->
                                                concat(
                                                    post(
                                                        () ->
                                                            withRequestInfo(
                                                                request ->
                                                                    withChangeBody(
                                                                        body ->
                                                                            api.models.writeModel(
                                                                                store, body,
                                                                                request, false)))),
                                                    get(
                                                        () ->
                                                            parameterOptional(
                                                                "page_size",
                                                                size ->
                                                                    parameterOptional(
                                                                        "continuation_token",
                                                                        token ->
                                                                            respond(
                                                                                () ->
                                                                                    read(
                                                                                        ReadOperation
                                                                                            .READ_MODELS,
                                                                                        store,
                                                                                        modelPage(
                                                                                            size.map(
                                                                                                    JsonRoutes
                                                                                                        ::pageSize)
                                                                                                .orElse(
                                                                                                    0),
                                                                                            token
                                                                                                .orElse(
                                                                                                    null)),
                                                                                        false))))))),
                                        path(
                                            PathMatchers.segment(),
                                            modelId ->
                                                get(
                                                    () ->
                                                        respond(
                                                            () ->
                                                                read(
                                                                    ReadOperation.READ_MODEL,
                                                                    store,
                                                                    mapper
                                                                        .createObjectNode()
                                                                        .put("id", modelId),
                                                                    false)))))),
                            tupleRoutes(store, false)))));
  }

  private CompletionStage<ApiResult> listStores(int pageSize, String token) {
    int size = JsonRoutes.boundedPageSize(pageSize);
    String query = ContinuationToken.query("stores");
    return directory
        .list(size, ContinuationToken.position(token, query))
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

  private CompletionStage<ApiResult> storeResult(CompletionStage<Summary> summary) {
    return summary.thenApply(s -> ApiResult.ok(store(s), s.revision()));
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
