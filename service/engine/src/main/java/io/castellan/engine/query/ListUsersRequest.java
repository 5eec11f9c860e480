package io.castellan.engine.query;

import java.util.List;
import java.util.Map;

/** Which subjects matching {@code filters} have {@code relation} on {@code object}? */
public record ListUsersRequest(
    String object,
    String relation,
    List<UserFilter> filters,
    List<TupleKey> contextualTuples,
    Map<String, Object> context) {

  public ListUsersRequest {
    filters = List.copyOf(filters);
    contextualTuples = contextualTuples == null ? List.of() : List.copyOf(contextualTuples);
    context = context == null ? Map.of() : context;
  }

  /** Subjects of {@code type} ({@code relation} null) or usersets {@code type:id#relation}. */
  public record UserFilter(String type, String relation) {}
}
