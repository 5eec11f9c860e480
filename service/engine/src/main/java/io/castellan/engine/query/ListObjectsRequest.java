package io.castellan.engine.query;

import java.util.List;
import java.util.Map;

/** Which objects of {@code type} does {@code user} have {@code relation} on? */
public record ListObjectsRequest(
    String type,
    String relation,
    String user,
    List<TupleKey> contextualTuples,
    Map<String, Object> context) {

  public ListObjectsRequest {
    contextualTuples = contextualTuples == null ? List.of() : List.copyOf(contextualTuples);
    context = context == null ? Map.of() : context;
  }
}
