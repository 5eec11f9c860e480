package io.castellan.server.http.request;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.engine.query.ListUsersRequest;
import java.util.List;

/** The users of one kind ({@code user_filters}) that have {@code relation} on {@code object}. */
public record ListUsersBody(
    ObjectBody object,
    String relation,
    @JsonProperty("user_filters") List<UserFilterBody> userFilters,
    @JsonProperty("contextual_tuples") TupleKeysBody contextualTuples,
    JsonNode context,
    @JsonProperty("authorization_model_id") String authorizationModelId,
    String consistency,
    String revision,
    @JsonProperty("at_revision") String atRevision,
    @JsonProperty("at_time") String atTime)
    implements ModelOptions {

  /** An object as {@code {type, id}}. */
  public record ObjectBody(String type, String id) {}

  /** The kind of user listed: a type, or a userset's type and relation. */
  public record UserFilterBody(String type, String relation) {}

  public ListUsersRequest request(RequestBodies bodies) {
    if (object == null) {
      throw new BadRequest("'object' must be {type, id}");
    }
    if (userFilters == null || userFilters.size() != 1 || userFilters.get(0) == null) {
      throw new BadRequest("'user_filters' must hold exactly one {type, relation?}");
    }
    UserFilterBody filter = userFilters.get(0);
    return new ListUsersRequest(
        RequestLimits.required(object.type(), "type")
            + ":"
            + RequestLimits.required(object.id(), "id"),
        RequestLimits.required(relation, "relation"),
        List.of(
            new ListUsersRequest.UserFilter(
                RequestLimits.required(filter.type(), "type"),
                RequestLimits.optional(filter.relation()))),
        bodies.tupleKeys(contextualTuples, "contextual_tuples"),
        bodies.context(context));
  }
}
