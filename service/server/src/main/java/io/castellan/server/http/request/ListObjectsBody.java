package io.castellan.server.http.request;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.engine.query.ListObjectsRequest;

/** The objects of a {@code type} on which {@code user} has {@code relation}. */
public record ListObjectsBody(
    String type,
    String relation,
    String user,
    @JsonProperty("contextual_tuples") TupleKeysBody contextualTuples,
    JsonNode context,
    @JsonProperty("authorization_model_id") String authorizationModelId,
    String consistency,
    String revision,
    @JsonProperty("at_revision") String atRevision,
    @JsonProperty("at_time") String atTime)
    implements ModelOptions {

  public ListObjectsRequest request(RequestBodies bodies) {
    return new ListObjectsRequest(
        RequestLimits.required(type, "type"),
        RequestLimits.required(relation, "relation"),
        RequestLimits.required(user, "user"),
        bodies.tupleKeys(contextualTuples, "contextual_tuples"),
        bodies.context(context));
  }
}
