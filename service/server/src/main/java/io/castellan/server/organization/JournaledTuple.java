package io.castellan.server.organization;

import io.castellan.engine.query.TupleKey;
import io.castellan.engine.store.IndexedTuple;
import io.castellan.engine.store.TupleCondition;
import java.util.Map;

/**
 * A tuple in its journal form: the strings clients wrote, and the condition with its stored
 * context. Persistent schema: it is a field of journaled events, so its field names are (its class
 * name is not: Jackson writes field types without names; it was TupleRecord until the vocabulary
 * issue).
 */
public record JournaledTuple(
    String object, String relation, String user, String condition, Map<String, Object> context) {

  public static JournaledTuple of(IndexedTuple tuple) {
    TupleCondition condition = tuple.condition();
    return new JournaledTuple(
        tuple.object(),
        tuple.relation(),
        tuple.user(),
        condition == null ? null : condition.name(),
        condition == null || condition.context().isEmpty() ? null : condition.context());
  }

  /** The tuple's identity, its condition aside: {@code object#relation@user}. */
  public String key() {
    return object + '#' + relation + '@' + user;
  }

  /** The tuple in its index form (journaled tuples were checked when they were written). */
  public IndexedTuple toTuple() {
    return new TupleKey(
            object,
            relation,
            user,
            condition == null ? null : new TupleCondition(condition, context))
        .parse();
  }
}
