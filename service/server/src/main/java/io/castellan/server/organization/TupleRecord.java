package io.castellan.server.organization;

import io.castellan.engine.store.Tuple;
import io.castellan.engine.store.TupleCondition;
import java.util.Map;

/**
 * A tuple as it is journaled: the strings clients wrote, and the condition with its stored context.
 * Persistent schema.
 */
public record TupleRecord(String object, String relation, String user, String condition, Map<String, Object> context) {

  static TupleRecord of(Tuple tuple) {
    TupleCondition condition = tuple.condition();
    return new TupleRecord(tuple.object(), tuple.relation(), tuple.user(),
        condition == null ? null : condition.name(),
        condition == null || condition.context().isEmpty() ? null : condition.context());
  }

  /** The tuple, with type and relation names interned so that a million tuples share them. */
  Tuple toTuple() {
    int colon = object.indexOf(':');
    int hash = user.indexOf('#');
    String subject = hash < 0 ? user : user.substring(0, hash);
    int subjectColon = subject.indexOf(':');
    return new Tuple(
        object.substring(0, colon).intern(), object.substring(colon + 1), relation.intern(),
        subject.substring(0, subjectColon).intern(), subject.substring(subjectColon + 1),
        hash < 0 ? null : user.substring(hash + 1).intern(),
        condition == null ? null : new TupleCondition(condition, context));
  }
}
