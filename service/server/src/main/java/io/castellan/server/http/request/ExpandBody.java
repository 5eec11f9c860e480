package io.castellan.server.http.request;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.castellan.engine.query.TupleKey;
import java.util.List;

/** An expand: the object and relation to expand ({@code tuple_key}), contextual tuples. */
public record ExpandBody(
    @JsonProperty("tuple_key") TupleKeyBody tupleKey,
    @JsonProperty("contextual_tuples") TupleKeysBody contextualTuples,
    @JsonProperty("authorization_model_id") String authorizationModelId,
    String consistency,
    String revision,
    @JsonProperty("at_revision") String atRevision,
    @JsonProperty("at_time") String atTime)
    implements ModelOptions {

  public ExpandBody {
    if (tupleKey == null) {
      throw new BadRequest("'tuple_key' must be an object with object and relation");
    }
  }

  public String object() {
    return RequestLimits.required(tupleKey.object(), "object");
  }

  public String relation() {
    return RequestLimits.required(tupleKey.relation(), "relation");
  }

  public List<TupleKey> contextual(RequestBodies bodies) {
    return bodies.tupleKeys(contextualTuples, "contextual_tuples");
  }
}
