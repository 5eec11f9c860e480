package io.castellan.engine.query;

import io.castellan.engine.store.TupleCondition;

/** A tuple as clients write it: {@code object}, {@code relation}, {@code user}, optional condition. */
public record TupleKey(String object, String relation, String user, TupleCondition condition) {

  public static TupleKey of(String object, String relation, String user) {
    return new TupleKey(object, relation, user, null);
  }

  @Override
  public String toString() {
    return object + "#" + relation + "@" + user;
  }
}
