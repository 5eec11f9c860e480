package io.castellan.engine.query;

import io.castellan.engine.EngineException;
import io.castellan.engine.store.IndexedTuple;
import io.castellan.protocol.ErrorCode;

/**
 * A subject: an object {@code type:id}, a wildcard {@code type:*} or a userset {@code
 * type:id#relation}.
 */
public record UserRef(String type, String id, String relation) {

  public static UserRef parse(String text) {
    if (text == null || text.isEmpty() || text.indexOf(' ') >= 0) {
      throw invalid(text);
    }
    int hash = text.indexOf('#');
    String object = hash < 0 ? text : text.substring(0, hash);
    String relation = hash < 0 ? null : text.substring(hash + 1);
    int colon = object.indexOf(':');
    if (colon <= 0 || colon == object.length() - 1 || (relation != null && relation.isEmpty())) {
      throw invalid(text);
    }
    UserRef user = new UserRef(object.substring(0, colon), object.substring(colon + 1), relation);
    if (user.isWildcard() && relation != null) {
      throw invalid(text);
    }
    return user;
  }

  private static EngineException invalid(String text) {
    return new EngineException(
        ErrorCode.VALIDATION_ERROR,
        "invalid user '" + text + "': expected type:id, type:* or type:id#relation");
  }

  public static UserRef of(IndexedTuple tuple) {
    return new UserRef(tuple.subjectType(), tuple.subjectId(), tuple.subjectRelation());
  }

  public boolean isWildcard() {
    return IndexedTuple.WILDCARD.equals(id);
  }

  public boolean isUserset() {
    return relation != null;
  }

  @Override
  public String toString() {
    return relation == null ? type + ":" + id : type + ":" + id + "#" + relation;
  }
}
