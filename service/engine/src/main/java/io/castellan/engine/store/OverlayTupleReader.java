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
  public Tuple find(
      String objectType, String objectId, String relation,
      String subjectType, String subjectId, String subjectRelation) {
    Tuple found = overlay.find(objectType, objectId, relation, subjectType, subjectId, subjectRelation);
    return found != null ? found : base.find(objectType, objectId, relation, subjectType, subjectId, subjectRelation);
  }

  @Override
  public boolean visitDirect(String objectType, String objectId, String relation, TupleVisitor visitor) {
    return overlay.visitDirect(objectType, objectId, relation, visitor)
        && base.visitDirect(objectType, objectId, relation, visitor);
  }

  @Override
  public boolean visitUsersets(String objectType, String objectId, String relation, TupleVisitor visitor) {
    return overlay.visitUsersets(objectType, objectId, relation, visitor)
        && base.visitUsersets(objectType, objectId, relation, visitor);
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
