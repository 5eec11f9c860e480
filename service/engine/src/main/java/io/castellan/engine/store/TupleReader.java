package io.castellan.engine.store;

/**
 * Read access to tuples by the two indexes the evaluator needs. Every visit method walks until its
 * visitor returns false and returns false if it stopped early.
 */
public interface TupleReader {

  /** The tuples on {@code object#relation}; {@link RelationTuples#EMPTY} when there are none. */
  RelationTuples tuplesOf(String objectType, String objectId, String relation);

  /** Tuples whose subject is {@code subjectType:subjectId}, alone or with any relation. */
  boolean visitBySubject(String subjectType, String subjectId, TupleVisitor visitor);

  /** Every tuple, in no particular order. */
  boolean visitAll(TupleVisitor visitor);

  /** The tuple {@code object#relation@subject}, or null. */
  default IndexedTuple find(
      String objectType,
      String objectId,
      String relation,
      String subjectType,
      String subjectId,
      String subjectRelation) {
    return tuplesOf(objectType, objectId, relation).find(subjectType, subjectId, subjectRelation);
  }

  /** Tuples on {@code object#relation} whose subject is a plain object or a wildcard. */
  default boolean visitDirect(
      String objectType, String objectId, String relation, TupleVisitor visitor) {
    return tuplesOf(objectType, objectId, relation).visitDirect(visitor);
  }

  /** Tuples on {@code object#relation} whose subject is a userset {@code type:id#relation}. */
  default boolean visitUsersets(
      String objectType, String objectId, String relation, TupleVisitor visitor) {
    return tuplesOf(objectType, objectId, relation).visitUsersets(visitor);
  }
}
