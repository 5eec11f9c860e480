package io.castellan.server.http.request;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.engine.query.CheckRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A batch of checks, each named by its {@code correlation_id}; one model and freshness. */
public record BatchCheckBody(
    List<Item> checks,
    @JsonProperty("authorization_model_id") String authorizationModelId,
    String consistency,
    String revision,
    @JsonProperty("at_revision") String atRevision,
    @JsonProperty("at_time") String atTime)
    implements ModelOptions {

  /** One check of the batch. */
  public record Item(
      @JsonProperty("tuple_key") TupleKeyBody tupleKey,
      @JsonProperty("contextual_tuples") TupleKeysBody contextualTuples,
      JsonNode context,
      @JsonProperty("correlation_id") String correlationId) {}

  /** The checks by correlation id, in the order given. */
  public Map<String, CheckRequest> requests(RequestBodies bodies) {
    if (checks == null || checks.isEmpty()) {
      throw new BadRequest("'checks' must be a non-empty array");
    }
    int max = bodies.limits().maxChecksPerBatch();
    if (checks.size() > max) {
      throw new BadRequest("a batch may hold at most " + max + " checks");
    }
    Map<String, CheckRequest> requests = new LinkedHashMap<>();
    for (Item check : checks) {
      if (check == null) {
        throw new BadRequest("each of 'checks' must be an object");
      }
      String correlationId = RequestLimits.required(check.correlationId(), "correlation_id");
      CheckRequest request =
          CheckBody.check(bodies, check.tupleKey(), check.contextualTuples(), check.context());
      if (requests.put(correlationId, request) != null) {
        throw new BadRequest("correlation_id '" + correlationId + "' appears twice");
      }
    }
    return requests;
  }
}
