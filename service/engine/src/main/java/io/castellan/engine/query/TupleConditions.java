package io.castellan.engine.query;

import io.castellan.engine.model.CompiledModel;
import io.castellan.engine.store.IndexedTuple;
import java.util.Map;

/**
 * Whether a stored tuple's condition holds for a request's context (true for unconditional tuples).
 */
final class TupleConditions {

  private TupleConditions() {}

  static boolean hold(CompiledModel model, IndexedTuple tuple, Map<String, Object> context) {
    return tuple.condition() == null
        || model
            .conditions()
            .evaluate(tuple.condition().name(), tuple.condition().context(), context);
  }
}
