package io.castellan.engine.query;

import io.castellan.engine.EngineException;
import io.castellan.engine.store.IndexedTuple;
import io.castellan.engine.store.TupleCondition;
import io.castellan.protocol.ErrorCode;

/**
 * A tuple in its wire form, as clients write it (OpenFGA's {@code tuple_key}): the strings {@code
 * object}, {@code relation}, {@code user}, and an optional condition. {@link #parse} turns it into
 * the index form ({@link IndexedTuple}); that is the one place a tuple's syntax is checked.
 */
public record TupleKey(String object, String relation, String user, TupleCondition condition) {

  public static TupleKey of(String object, String relation, String user) {
    return new TupleKey(object, relation, user, null);
  }

  /**
   * The tuple in its index form, checked for syntax only (not against a model): an object {@code
   * type:id}, a relation, and a user {@code type:id}, {@code type:*} or {@code type:id#relation}.
   * Type and relation names are interned, so that a million stored tuples share them.
   *
   * @throws EngineException {@code validation_error} naming what is wrong
   */
  public IndexedTuple parse() {
    if (relation == null || relation.isEmpty()) {
      throw invalid("relation is required");
    }
    ObjectRef parsedObject;
    UserRef parsedUser;
    try {
      parsedObject = ObjectRef.parse(object);
      parsedUser = UserRef.parse(user);
    } catch (EngineException e) {
      throw invalid(e.getMessage());
    }
    return new IndexedTuple(
        parsedObject.type().intern(),
        parsedObject.id(),
        relation.intern(),
        parsedUser.type().intern(),
        parsedUser.id(),
        parsedUser.relation() == null ? null : parsedUser.relation().intern(),
        condition);
  }

  private EngineException invalid(String reason) {
    return new EngineException(ErrorCode.VALIDATION_ERROR, "invalid tuple " + this + ": " + reason);
  }

  @Override
  public String toString() {
    return object + "#" + relation + "@" + user;
  }
}
