package io.castellan.engine.query;

import java.util.List;
import java.util.Map;

/**
 * May {@code user} have {@code relation} on {@code object}, given extra tuples and condition
 * values?
 */
public record CheckRequest(
    String object,
    String relation,
    String user,
    List<TupleKey> contextualTuples,
    Map<String, Object> context) {

  public CheckRequest {
    contextualTuples = contextualTuples == null ? List.of() : List.copyOf(contextualTuples);
    context = context == null ? Map.of() : context;
  }

  public static CheckRequest of(String object, String relation, String user) {
    return new CheckRequest(object, relation, user, List.of(), Map.of());
  }
}
