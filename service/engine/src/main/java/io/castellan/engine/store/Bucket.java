package io.castellan.engine.store;

/**
 * One index entry: the key {@code type:id#relation} and the tuples filed under it. Equality is by
 * key only, so a bucket with no members serves as the probe to find the real one.
 */
record Bucket(String type, String id, String relation, Object members) {

  static Bucket probe(String type, String id, String relation) {
    return new Bucket(type, id, relation, null);
  }

  Bucket withMembers(Object newMembers) {
    return new Bucket(type, id, relation, newMembers);
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
