package io.castellan.server.http.request;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A list of tuple keys, in OpenFGA's wrapper {@code {tuple_keys: [...]}} or as a bare array; a
 * write's {@code writes} and {@code deletes} add {@code on_duplicate} and {@code on_missing}
 * ({@code "error"}, the default, or {@code "ignore"}).
 */
public record TupleKeysBody(
    @JsonProperty("tuple_keys") List<TupleKeyBody> tupleKeys,
    @JsonProperty("on_duplicate") String onDuplicate,
    @JsonProperty("on_missing") String onMissing) {

  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  public TupleKeysBody {
    tupleKeys = tupleKeys == null ? List.of() : tupleKeys;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static TupleKeysBody of(List<TupleKeyBody> tupleKeys) {
    return new TupleKeysBody(tupleKeys, null, null);
  }

  static final TupleKeysBody NONE = new TupleKeysBody(List.of(), null, null);
}
