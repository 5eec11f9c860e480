package io.castellan.engine.store;

import java.util.Objects;

/**
 * A tuple in its index form, split into the parts the store indexes and the queries compare: the
 * relationship {@code objectType:objectId#relation@subjectType:subjectId[#subjectRelation]},
 * optionally conditional. (Its wire form is {@link io.castellan.engine.query.TupleKey}, which
 * parses into this; the organization journals a third form.) Identity is the relationship alone:
 * two tuples that differ only in their condition are the same tuple. A wildcard subject has id
 * {@code *}.
 */
public record IndexedTuple(
    String objectType,
    String objectId,
    String relation,
    String subjectType,
    String subjectId,
    String subjectRelation,
    TupleCondition condition) {

  public static final String WILDCARD = "*";

  public IndexedTuple {
    Objects.requireNonNull(objectType);
    Objects.requireNonNull(objectId);
    Objects.requireNonNull(relation);
    Objects.requireNonNull(subjectType);
    Objects.requireNonNull(subjectId);
  }

  public boolean isUserset() {
    return subjectRelation != null;
  }

  public boolean isWildcard() {
    return WILDCARD.equals(subjectId);
  }

  public String conditionName() {
    return condition == null ? null : condition.name();
  }

  public String object() {
    return objectType + ":" + objectId;
  }

  /**
   * The subject as OpenFGA writes it: {@code type:id}, {@code type:*} or {@code type:id#relation}.
   */
  public String user() {
    return subjectRelation == null
        ? subjectType + ":" + subjectId
        : subjectType + ":" + subjectId + "#" + subjectRelation;
  }

  @Override
  public boolean equals(Object other) {
    return this == other
        || other instanceof IndexedTuple t
            && objectId.equals(t.objectId)
            && subjectId.equals(t.subjectId)
            && relation.equals(t.relation)
            && objectType.equals(t.objectType)
            && subjectType.equals(t.subjectType)
            && Objects.equals(subjectRelation, t.subjectRelation);
  }

  @Override
  public int hashCode() {
    int h = objectType.hashCode();
    h = 31 * h + objectId.hashCode();
    h = 31 * h + relation.hashCode();
    h = 31 * h + subjectType.hashCode();
    h = 31 * h + subjectId.hashCode();
    return 31 * h + (subjectRelation == null ? 0 : subjectRelation.hashCode());
  }

  @Override
  public String toString() {
    String key = object() + "#" + relation + "@" + user();
    return condition == null ? key : key + "[" + condition.name() + "]";
  }
}
