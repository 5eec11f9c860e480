package io.castellan.server.http.request;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.castellan.server.domain.Kind;

/**
 * A read of the management endpoints, as it is forwarded to the node that hosts the organization:
 * one entity, a list of a kind, an entity's members in a relation, or a role's assignments.
 */
public record DirectoryQuery(
    Operation operation,
    Kind kind,
    String id,
    String relation,
    @JsonProperty("page_size") Integer pageSize,
    @JsonProperty("continuation_token") String continuationToken) {

  public enum Operation {
    GET,
    LIST,
    MEMBERS,
    ASSIGNMENTS
  }

  public int size() {
    return pageSize == null ? 0 : pageSize;
  }

  public String token() {
    return RequestLimits.optional(continuationToken);
  }
}
