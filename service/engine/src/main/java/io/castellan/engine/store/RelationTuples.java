package io.castellan.engine.store;

/**
 * The tuples on one {@code object#relation}, found with one index lookup and then searched by
 * subject: what a check needs at each step.
 */
public interface RelationTuples {

  RelationTuples EMPTY =
      new RelationTuples() {
        @Override
        public IndexedTuple find(String subjectType, String subjectId, String subjectRelation) {
          return null;
        }

        @Override
        public boolean visitDirect(TupleVisitor visitor) {
          return true;
        }

        @Override
        public boolean visitUsersets(TupleVisitor visitor) {
          return true;
        }

        @Override
        public boolean isEmpty() {
          return true;
        }
      };

  /** The tuple naming this subject, or null. */
  IndexedTuple find(String subjectType, String subjectId, String subjectRelation);

  /** Tuples whose subject is a plain object or a wildcard. */
  boolean visitDirect(TupleVisitor visitor);

  /** Tuples whose subject is a userset {@code type:id#relation}. */
  boolean visitUsersets(TupleVisitor visitor);

  boolean isEmpty();
}
