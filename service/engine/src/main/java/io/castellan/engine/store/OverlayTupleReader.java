package io.castellan.engine.store;

/**
 * The stored tuples plus a request's contextual tuples, read as one store. Contextual tuples are
 * consulted first; a tuple present in both may be visited twice, which evaluation tolerates.
 */
public record OverlayTupleReader(TupleReader base, TupleReader overlay) implements TupleReader {

  public static TupleReader of(TupleReader base, TupleStore contextual) {
    return contextual.size() == 0 ? base : new OverlayTupleReader(base, contextual);
  }

  @Override
  public RelationTuples tuplesOf(String objectType, String objectId, String relation) {
    RelationTuples extra = overlay.tuplesOf(objectType, objectId, relation);
    RelationTuples stored = base.tuplesOf(objectType, objectId, relation);
    if (extra.isEmpty()) {
      return stored;
    }
    if (stored.isEmpty()) {
      return extra;
    }
    return new RelationTuples() {
      @Override
      public IndexedTuple find(String subjectType, String subjectId, String subjectRelation) {
        IndexedTuple found = extra.find(subjectType, subjectId, subjectRelation);
        return found != null ? found : stored.find(subjectType, subjectId, subjectRelation);
      }

      @Override
      public boolean visitDirect(TupleVisitor visitor) {
        return extra.visitDirect(visitor) && stored.visitDirect(visitor);
      }

      @Override
      public boolean visitUsersets(TupleVisitor visitor) {
        return extra.visitUsersets(visitor) && stored.visitUsersets(visitor);
      }

      @Override
      public boolean isEmpty() {
        return false;
      }
    };
  }

  @Override
  public boolean visitBySubject(String subjectType, String subjectId, TupleVisitor visitor) {
    return overlay.visitBySubject(subjectType, subjectId, visitor)
        && base.visitBySubject(subjectType, subjectId, visitor);
  }

  @Override
  public boolean visitAll(TupleVisitor visitor) {
    return overlay.visitAll(visitor) && base.visitAll(visitor);
  }
}
