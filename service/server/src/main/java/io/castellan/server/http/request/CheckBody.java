package io.castellan.server.http.request;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.engine.query.CheckRequest;
import io.castellan.engine.query.TupleKey;

/**
 * A check: {@code tuple_key}, {@code contextual_tuples}, {@code context}, model and freshness;
 * {@code explain} asks why it answered as it did.
 */
public record CheckBody(
    @JsonProperty("tuple_key") TupleKeyBody tupleKey,
    @JsonProperty("contextual_tuples") TupleKeysBody contextualTuples,
    JsonNode context,
    @JsonProperty("authorization_model_id") String authorizationModelId,
    String consistency,
    String revision,
    @JsonProperty("at_revision") String atRevision,
    @JsonProperty("at_time") String atTime,
    Boolean explain)
    implements ModelOptions {

  public boolean wantsExplanation() {
    return Boolean.TRUE.equals(explain);
  }

  public CheckRequest request(RequestBodies bodies) {
    return check(bodies, tupleKey, contextualTuples, context);
  }

  /** One check, also one of a batch's. */
  static CheckRequest check(
      RequestBodies bodies, TupleKeyBody tupleKey, TupleKeysBody contextual, JsonNode context) {
    TupleKey key = bodies.tupleKey(tupleKey, "tuple_key");
    return new CheckRequest(
        key.object(),
        key.relation(),
        key.user(),
        bodies.tupleKeys(contextual, "contextual_tuples"),
        bodies.context(context));
  }
}
