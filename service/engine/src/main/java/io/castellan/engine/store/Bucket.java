package io.castellan.engine.store;

/**
 * One index entry: the key {@code type:id#relation} and the tuples filed under it, split into
 * plain/wildcard subjects and userset subjects. Equality is by key only, so a bucket with no
 * members serves as the probe to find the real one.
 */
final class Bucket implements RelationTuples {

  final String type;
  final String id;
  final String relation;

  /** Tuples with a plain or wildcard subject (see {@link Members}). */
  final Object direct;

  /** Tuples with a userset subject (see {@link Members}). */
  final Object usersets;

  Bucket(String type, String id, String relation, Object direct, Object usersets) {
    this.type = type;
    this.id = id;
    this.relation = relation;
    this.direct = direct;
    this.usersets = usersets;
  }

  static Bucket probe(String type, String id, String relation) {
    return new Bucket(type, id, relation, null, null);
  }

  Object members(boolean userset) {
    return userset ? usersets : direct;
  }

  Bucket withMembers(boolean userset, Object members) {
    return userset
        ? new Bucket(type, id, relation, direct, members)
        : new Bucket(type, id, relation, members, usersets);
  }

  @Override
  public boolean isEmpty() {
    return direct == null && usersets == null;
  }

  @Override
  public IndexedTuple find(String subjectType, String subjectId, String subjectRelation) {
    Object members = subjectRelation == null ? direct : usersets;
    if (members == null) {
      return null;
    }
    return Members.find(
        members,
        new IndexedTuple(type, id, relation, subjectType, subjectId, subjectRelation, null));
  }

  @Override
  public boolean visitDirect(TupleVisitor visitor) {
    return Members.visit(direct, visitor);
  }

  @Override
  public boolean visitUsersets(TupleVisitor visitor) {
    return Members.visit(usersets, visitor);
  }

  @Override
  public boolean equals(Object other) {
    return this == other
        || other instanceof Bucket b
            && id.equals(b.id)
            && relation.equals(b.relation)
            && type.equals(b.type);
  }

  @Override
  public int hashCode() {
    return (type.hashCode() * 31 + id.hashCode()) * 31 + relation.hashCode();
  }
}
