package io.castellan.engine.store;

/**
 * Read access to tuples by the three indexes the evaluator needs. Every visit method walks until
 * its visitor returns false and returns false if it stopped early.
 */
public interface TupleReader {

  /** The tuple {@code object#relation@subject}, or null. */
  Tuple find(
      String objectType, String objectId, String relation,
      String subjectType, String subjectId, String subjectRelation);

  /** Tuples on {@code object#relation} whose subject is a plain object or a wildcard. */
  boolean visitDirect(String objectType, String objectId, String relation, TupleVisitor visitor);

  /** Tuples on {@code object#relation} whose subject is a userset {@code type:id#relation}. */
  boolean visitUsersets(String objectType, String objectId, String relation, TupleVisitor visitor);

  /** Tuples whose subject is {@code subjectType:subjectId}, alone or with any relation. */
  boolean visitBySubject(String subjectType, String subjectId, TupleVisitor visitor);

  /** Every tuple, in no particular order. */
  boolean visitAll(TupleVisitor visitor);
}
