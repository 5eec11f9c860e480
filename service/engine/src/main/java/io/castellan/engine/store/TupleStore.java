package io.castellan.engine.store;

import java.util.Collection;

/**
 * An immutable, indexed set of tuples. {@link #apply} returns a new store in time proportional to
 * the tuples changed (each index update copies one O(log n) path), so the organization can publish
 * every revision as a snapshot that readers use without copying or locking.
 *
 * <p>Indexes: {@code object#relation → plain and wildcard subjects} (checks),
 * {@code object#relation → userset subjects} (following groups and teams), and
 * {@code subject → tuples} (ListObjects walks backwards from a user without scanning the store).
 */
public final class TupleStore implements TupleReader {

  public static final TupleStore EMPTY =
      new TupleStore(PersistentSet.empty(), PersistentSet.empty(), PersistentSet.empty());

  private static final String ANY_RELATION = "";

  private final PersistentSet<Bucket> direct;
  private final PersistentSet<Bucket> usersets;
  private final PersistentSet<Bucket> bySubject;
  private final long size;

  private TupleStore(PersistentSet<Bucket> direct, PersistentSet<Bucket> usersets, PersistentSet<Bucket> bySubject) {
    this(direct, usersets, bySubject, 0);
  }

  private TupleStore(
      PersistentSet<Bucket> direct, PersistentSet<Bucket> usersets, PersistentSet<Bucket> bySubject, long size) {
    this.direct = direct;
    this.usersets = usersets;
    this.bySubject = bySubject;
    this.size = size;
  }

  public static TupleStore of(Collection<Tuple> tuples) {
    return EMPTY.apply(java.util.List.of(), tuples);
  }

  public long size() {
    return size;
  }

  public boolean contains(Tuple tuple) {
    return find(tuple) != null;
  }

  /** The stored tuple equal to {@code probe} (carrying its condition), or null. */
  public Tuple find(Tuple probe) {
    PersistentSet<Bucket> index = probe.isUserset() ? usersets : direct;
    Bucket bucket = index.find(Bucket.probe(probe.objectType(), probe.objectId(), probe.relation()));
    return bucket == null ? null : Members.find(bucket.members(), probe);
  }

  /**
   * This store with {@code deletes} removed, then {@code writes} added (a written tuple equal to a
   * stored one replaces it). Deleting a tuple that is absent is a no-op; callers enforce
   * preconditions before they get here.
   */
  public TupleStore apply(Collection<Tuple> deletes, Collection<Tuple> writes) {
    PersistentSet<Bucket> newDirect = direct;
    PersistentSet<Bucket> newUsersets = usersets;
    PersistentSet<Bucket> newBySubject = bySubject;
    long newSize = size;
    for (Tuple tuple : deletes) {
      boolean userset = tuple.isUserset();
      PersistentSet<Bucket> index = userset ? newUsersets : newDirect;
      Bucket key = Bucket.probe(tuple.objectType(), tuple.objectId(), tuple.relation());
      Bucket bucket = index.find(key);
      if (bucket == null || Members.find(bucket.members(), tuple) == null) {
        continue;
      }
      index = replace(index, bucket, Members.without(bucket.members(), tuple));
      if (userset) {
        newUsersets = index;
      } else {
        newDirect = index;
      }
      Bucket subjectBucket = newBySubject.find(Bucket.probe(tuple.subjectType(), tuple.subjectId(), ANY_RELATION));
      newBySubject = replace(newBySubject, subjectBucket, Members.without(subjectBucket.members(), tuple));
      newSize--;
    }
    for (Tuple written : writes) {
      boolean userset = written.isUserset();
      PersistentSet<Bucket> index = userset ? newUsersets : newDirect;
      Bucket subjectBucket = newBySubject.find(Bucket.probe(written.subjectType(), written.subjectId(), ANY_RELATION));
      Bucket bucket = index.find(Bucket.probe(written.objectType(), written.objectId(), written.relation()));
      Tuple tuple = canonical(written, bucket, subjectBucket, newBySubject);
      if (bucket == null) {
        bucket = Bucket.probe(tuple.objectType(), tuple.objectId(), tuple.relation());
      }
      boolean present = Members.find(bucket.members(), tuple) != null;
      index = index.with(bucket.withMembers(Members.with(bucket.members(), tuple)));
      if (userset) {
        newUsersets = index;
      } else {
        newDirect = index;
      }
      if (subjectBucket == null) {
        subjectBucket = Bucket.probe(tuple.subjectType(), tuple.subjectId(), ANY_RELATION);
      }
      newBySubject = newBySubject.with(subjectBucket.withMembers(Members.with(subjectBucket.members(), tuple)));
      if (!present) {
        newSize++;
      }
    }
    return new TupleStore(newDirect, newUsersets, newBySubject, newSize);
  }

  private static PersistentSet<Bucket> replace(PersistentSet<Bucket> index, Bucket bucket, Object members) {
    return members == null ? index.without(bucket) : index.with(bucket.withMembers(members));
  }

  /**
   * The tuple with its id strings shared with those already stored, so a million tuples about the
   * same users and objects hold one copy of each id.
   */
  private static Tuple canonical(Tuple tuple, Bucket objectBucket, Bucket subjectBucket, PersistentSet<Bucket> bySubject) {
    String objectId = tuple.objectId();
    if (objectBucket != null) {
      objectId = objectBucket.id();
    } else {
      Bucket asSubject = bySubject.find(Bucket.probe(tuple.objectType(), objectId, ANY_RELATION));
      if (asSubject != null) {
        objectId = asSubject.id();
      }
    }
    String subjectId = subjectBucket != null ? subjectBucket.id() : tuple.subjectId();
    if (objectId == tuple.objectId() && subjectId == tuple.subjectId()) {
      return tuple;
    }
    return new Tuple(
        tuple.objectType(), objectId, tuple.relation(),
        tuple.subjectType(), subjectId, tuple.subjectRelation(), tuple.condition());
  }

  @Override
  public Tuple find(
      String objectType, String objectId, String relation,
      String subjectType, String subjectId, String subjectRelation) {
    PersistentSet<Bucket> index = subjectRelation == null ? direct : usersets;
    Bucket bucket = index.find(Bucket.probe(objectType, objectId, relation));
    if (bucket == null) {
      return null;
    }
    return Members.find(
        bucket.members(), new Tuple(objectType, objectId, relation, subjectType, subjectId, subjectRelation, null));
  }

  @Override
  public boolean visitDirect(String objectType, String objectId, String relation, TupleVisitor visitor) {
    Bucket bucket = direct.find(Bucket.probe(objectType, objectId, relation));
    return bucket == null || Members.visit(bucket.members(), visitor);
  }

  @Override
  public boolean visitUsersets(String objectType, String objectId, String relation, TupleVisitor visitor) {
    Bucket bucket = usersets.find(Bucket.probe(objectType, objectId, relation));
    return bucket == null || Members.visit(bucket.members(), visitor);
  }

  @Override
  public boolean visitBySubject(String subjectType, String subjectId, TupleVisitor visitor) {
    Bucket bucket = bySubject.find(Bucket.probe(subjectType, subjectId, ANY_RELATION));
    return bucket == null || Members.visit(bucket.members(), visitor);
  }

  @Override
  public boolean visitAll(TupleVisitor visitor) {
    return direct.visit(bucket -> Members.visit(bucket.members(), visitor))
        && usersets.visit(bucket -> Members.visit(bucket.members(), visitor));
  }
}
