package io.castellan.server.organization;

import io.castellan.engine.EngineException;
import io.castellan.engine.query.TupleKey;
import io.castellan.engine.query.TupleValidator;
import io.castellan.engine.store.IndexedTuple;
import io.castellan.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a planned change ({@link PlannedChange.Plan}) really changes in the organization as it
 * stands: each write fits the latest model; deletes of tuples that are gone, writes of tuples that
 * are there as written, and names already set are left out, so that repeating a change journals
 * nothing.
 */
final class PlanValidation {

  private PlanValidation() {}

  static PlannedChange.Plan effective(OrganizationState state, PlannedChange.Plan plan) {
    ModelVersion model = state.latestModel();
    if (model == null) {
      OrganizationError missing = OrganizationError.modelNotFound(null);
      throw new PlannedChange.Refused(missing);
    }
    List<JournaledTuple> deletes = new ArrayList<>();
    Set<String> deleted = new HashSet<>();
    for (JournaledTuple tuple : plan.deletes()) {
      IndexedTuple stored = state.tuples().find(tuple.toTuple());
      if (stored != null && deleted.add(tuple.key())) {
        deletes.add(JournaledTuple.of(stored)); // as stored, with its condition: for undo
      }
    }
    List<JournaledTuple> writes = new ArrayList<>();
    Set<String> written = new HashSet<>();
    for (JournaledTuple tuple : plan.writes()) {
      IndexedTuple indexed = fitting(model, tuple);
      IndexedTuple stored = state.tuples().find(indexed);
      boolean there = stored != null && !deleted.contains(tuple.key());
      if (!there && written.add(tuple.key())) {
        writes.add(tuple);
      }
    }
    List<EntityName> names = new ArrayList<>();
    for (EntityName name : plan.names()) {
      if (!Objects.equals(state.nameOf(name.object()), name.name())) {
        names.add(name);
      }
    }
    return new PlannedChange.Plan(writes, deletes, names);
  }

  private static IndexedTuple fitting(ModelVersion model, JournaledTuple tuple) {
    try {
      return TupleValidator.validate(
          model.compiled(),
          new TupleKey(tuple.object(), tuple.relation(), tuple.user(), null),
          ErrorCode.VALIDATION_ERROR);
    } catch (EngineException e) {
      throw new PlannedChange.Refused(
          new OrganizationError(
              ErrorCode.VALIDATION_ERROR,
              "the organization's model does not allow this change ("
                  + e.getMessage()
                  + "); the management endpoints need the built-in model's types"));
    }
  }
}
