package io.castellan.server.organization;

import io.castellan.engine.EngineException;
import io.castellan.engine.model.CompiledModel;
import io.castellan.engine.query.TupleKey;
import io.castellan.engine.query.TupleValidator;
import io.castellan.engine.store.IndexedTuple;
import io.castellan.engine.store.TupleStore;
import io.castellan.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether one write request applies to the organization as it stands: the model exists,
 * each written tuple fits it, no tuple appears twice, duplicates and missing deletes are handled as
 * the request asks, and preconditions hold. All or nothing.
 */
final class WriteValidation {

  /** The changes a valid request makes: deletes first, then writes. */
  record Changes(List<IndexedTuple> deletes, List<IndexedTuple> writes) {
    boolean isEmpty() {
      return deletes.isEmpty() && writes.isEmpty();
    }
  }

  /** The request is refused; nothing is applied. */
  static final class Rejected extends RuntimeException {
    final OrganizationError error;

    Rejected(ErrorCode code, String message) {
      super(message, null, false, false);
      this.error = new OrganizationError(code, message);
    }
  }

  private WriteValidation() {}

  static Changes validate(
      OrganizationState state, TupleStore tuples, OrganizationCommand.WriteTuples command) {
    ModelVersion model = state.modelOrLatest(command.modelId());
    if (model == null) {
      OrganizationError missing = OrganizationError.modelNotFound(command.modelId());
      throw new Rejected(missing.code(), missing.message());
    }
    Set<IndexedTuple> seen = new HashSet<>();
    List<IndexedTuple> deletes = new ArrayList<>();
    for (TupleKey key : command.deletes()) {
      IndexedTuple tuple = parse(key);
      if (!seen.add(tuple)) {
        throw duplicate(key);
      }
      IndexedTuple stored = tuples.find(tuple);
      if (stored != null) {
        deletes.add(stored); // as it is stored, with its condition: undo writes it back so
      } else if (!command.ignoreMissing()) {
        throw new Rejected(
            ErrorCode.WRITE_FAILED_DUE_TO_INVALID_INPUT,
            "cannot delete a tuple which does not exist: " + key);
      }
    }
    List<IndexedTuple> writes = new ArrayList<>();
    for (TupleKey key : command.writes()) {
      IndexedTuple tuple = validate(model.compiled(), key);
      if (!seen.add(tuple)) {
        throw duplicate(key);
      }
      if (!tuples.contains(tuple)) {
        writes.add(tuple);
      } else if (!command.ignoreDuplicates()) {
        throw new Rejected(
            ErrorCode.WRITE_FAILED_DUE_TO_INVALID_INPUT,
            "cannot write a tuple which already exists: " + key);
      }
    }
    for (OrganizationCommand.Precondition precondition : command.preconditions()) {
      boolean exists = tuples.contains(parse(precondition.tuple()));
      if (exists != precondition.exists()) {
        throw new Rejected(
            ErrorCode.PRECONDITION_FAILED,
            "precondition failed: "
                + precondition.tuple()
                + (precondition.exists() ? " does not exist" : " exists"));
      }
    }
    return new Changes(deletes, writes);
  }

  private static IndexedTuple validate(CompiledModel model, TupleKey key) {
    try {
      return TupleValidator.validate(model, key, ErrorCode.VALIDATION_ERROR);
    } catch (EngineException e) {
      throw new Rejected(ErrorCode.VALIDATION_ERROR, e.getMessage());
    }
  }

  /**
   * A tuple named by a delete or a precondition: well formed, but not checked against the model.
   */
  private static IndexedTuple parse(TupleKey key) {
    try {
      return new TupleKey(key.object(), key.relation(), key.user(), null).parse();
    } catch (EngineException e) {
      throw new Rejected(ErrorCode.VALIDATION_ERROR, e.getMessage());
    }
  }

  private static Rejected duplicate(TupleKey key) {
    return new Rejected(
        ErrorCode.CANNOT_ALLOW_DUPLICATE_TUPLES, "duplicate tuple in one write request: " + key);
  }
}
