package io.castellan.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.server.async.Failures;
import io.castellan.server.service.OrganizationElsewhere;
import io.castellan.server.service.OrganizationService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Answers each read where its organization's state is in memory: on this node when it hosts the
 * organization, otherwise on the node that does, through {@link ReadForwarder}.
 */
final class ReadRouting {

  private final OrganizationService organizations;
  private final QueryApi queries;
  private final ModelApi models;
  private final ReadForwarder forwarder;

  ReadRouting(
      OrganizationService organizations,
      QueryApi queries,
      ModelApi models,
      ReadForwarder forwarder) {
    this.organizations = organizations;
    this.queries = queries;
    this.models = models;
    this.forwarder = forwarder;
  }

  CompletionStage<ApiResult> answer(
      ReadOperation operation, String org, JsonNode body, boolean nativeShape) {
    String host = organizations.hostElsewhere(org);
    if (host != null) { // known to run elsewhere: the host reads and validates the request
      return forwarded(host, operation, org, body, nativeShape, true);
    }
    CompletableFuture<ApiResult> here =
        answerHere(operation, org, body, nativeShape).toCompletableFuture();
    if (here.isDone() && !here.isCompletedExceptionally()) {
      return here; // the common case, a check answered inline: no further stage
    }
    return elsewhereIfHostedElsewhere(here, operation, org, body, nativeShape, true);
  }

  private CompletionStage<ApiResult> elsewhereIfHostedElsewhere(
      CompletionStage<ApiResult> here,
      ReadOperation operation,
      String org,
      JsonNode body,
      boolean nativeShape,
      boolean mayAskAgain) {
    return here.exceptionallyCompose(
        failure ->
            Failures.cause(failure) instanceof OrganizationElsewhere elsewhere
                ? forwarded(elsewhere.host(), operation, org, body, nativeShape, mayAskAgain)
                : CompletableFuture.failedFuture(failure));
  }

  /**
   * The answer of the node named as host. If that node is gone or no longer hosts the organization,
   * the organization is asked once where it runs now (it may be here by then) and the read goes
   * there.
   */
  private CompletionStage<ApiResult> forwarded(
      String host,
      ReadOperation operation,
      String org,
      JsonNode body,
      boolean nativeShape,
      boolean mayAskAgain) {
    return forwarder
        .forward(host, operation, org, body, nativeShape)
        .handle(
            (result, failure) -> {
              if (failure == null) {
                if (result.status() == 404) { // deleted: nothing to remember
                  organizations.forgetHost(org, host);
                }
                return CompletableFuture.completedStage(result);
              }
              organizations.forgetHost(org, host);
              if (mayAskAgain && Failures.cause(failure) instanceof HostMissed) {
                return elsewhereIfHostedElsewhere(
                    answerHere(operation, org, body, nativeShape),
                    operation,
                    org,
                    body,
                    nativeShape,
                    false);
              }
              return CompletableFuture.<ApiResult>failedStage(failure);
            })
        .thenCompose(Function.identity());
  }

  /**
   * The read answered on this node, which fails with OrganizationElsewhere if it is not the host.
   */
  CompletionStage<ApiResult> answerHere(
      ReadOperation operation, String org, JsonNode body, boolean nativeShape) {
    return switch (operation) {
      case READ -> queries.read(org, body, nativeShape);
      case CHECK -> queries.check(org, body, nativeShape);
      case BATCH_CHECK -> queries.batchCheck(org, body, nativeShape);
      case EXPAND -> queries.expand(org, body, nativeShape);
      case LIST_OBJECTS -> queries.listObjects(org, body, nativeShape);
      case LIST_USERS -> queries.listUsers(org, body, nativeShape);
      case READ_MODELS ->
          models.readModels(
              org,
              body.path("page_size").asInt(0),
              RequestJson.optionalText(body, "continuation_token"));
      case READ_MODEL -> models.readModel(org, RequestJson.text(body, "id"));
    };
  }
}
