package io.castellan.server.http.request;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.castellan.engine.query.TupleKey;
import io.castellan.server.organization.OrganizationCommand.Precondition;
import java.util.ArrayList;
import java.util.List;

/**
 * A tuple write: OpenFGA's {@code writes} and {@code deletes} (with {@code on_duplicate} and {@code
 * on_missing}), Castellan's {@code preconditions}, and the model to validate against.
 */
public record WriteBody(
    TupleKeysBody writes,
    TupleKeysBody deletes,
    List<PreconditionBody> preconditions,
    @JsonProperty("authorization_model_id") String authorizationModelId) {

  /** The tuples written, checked, and the write's size against the limit. */
  public List<TupleKey> writeKeys(RequestBodies bodies) {
    List<TupleKey> writeKeys = bodies.tupleKeys(writes, "writes");
    List<TupleKey> deleteKeys = deleteKeys(bodies);
    if (writeKeys.isEmpty() && deleteKeys.isEmpty()) {
      throw new BadRequest("a write needs at least one tuple in 'writes' or 'deletes'");
    }
    int max = bodies.limits().maxTuplesPerWrite();
    if (writeKeys.size() + deleteKeys.size() > max) {
      throw new BadRequest("a write may change at most " + max + " tuples");
    }
    return writeKeys;
  }

  /** Deletes name tuples without conditions: {@code {object, relation, user}}. */
  public List<TupleKey> deleteKeys(RequestBodies bodies) {
    return bodies.tupleKeys(deletes, "deletes").stream()
        .map(key -> new TupleKey(key.object(), key.relation(), key.user(), null))
        .toList();
  }

  public List<Precondition> preconditions(RequestBodies bodies) {
    if (preconditions == null) {
      return List.of();
    }
    List<Precondition> result = new ArrayList<>(preconditions.size());
    for (PreconditionBody precondition : preconditions) {
      if (precondition == null || precondition.exists() == null) {
        throw new BadRequest("each precondition needs a boolean 'exists'");
      }
      result.add(
          new Precondition(
              bodies.tupleKey(precondition.tupleKey(), "preconditions"), precondition.exists()));
    }
    return result;
  }

  /** OpenFGA's {@code on_duplicate}: "error" (the default) or "ignore". */
  public boolean ignoreDuplicates() {
    return option(writes == null ? null : writes.onDuplicate(), "on_duplicate");
  }

  /** OpenFGA's {@code on_missing}: "error" (the default) or "ignore". */
  public boolean ignoreMissing() {
    return option(deletes == null ? null : deletes.onMissing(), "on_missing");
  }

  public String modelId() {
    return RequestLimits.optional(authorizationModelId);
  }

  private static boolean option(String value, String field) {
    value = RequestLimits.optional(value);
    if (value == null || value.equals("error")) {
      return false;
    }
    if (value.equals("ignore")) {
      return true;
    }
    throw new BadRequest("'" + field + "' must be \"error\" or \"ignore\"");
  }
}
