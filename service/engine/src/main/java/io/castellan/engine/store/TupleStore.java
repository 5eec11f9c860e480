package io.castellan.engine.store;

import java.util.Collection;
import java.util.List;

/**
 * An immutable, indexed set of tuples. {@link #apply} returns a new store in time proportional to
 * the tuples changed (each index update copies one O(log n) path), so the organization can publish
 * every revision as a snapshot that readers use without copying or locking.
 *
 * <p>Two indexes: by {@code object#relation} (one bucket holding the plain and wildcard subjects
 * apart from the userset subjects, so a check step costs one lookup), and by subject {@code
 * type:id} (ListObjects walks backwards from a user without scanning the store).
 */
public final class TupleStore implements TupleReader {

  public static final TupleStore EMPTY = new TupleStore(ShardedSet.empty(), ShardedSet.empty(), 0);

  private static final String ANY_RELATION = "";

  private final ShardedSet<Bucket> byObject;
  private final ShardedSet<Bucket> bySubject;
  private final long size;

  private TupleStore(ShardedSet<Bucket> byObject, ShardedSet<Bucket> bySubject, long size) {
    this.byObject = byObject;
    this.bySubject = bySubject;
    this.size = size;
  }

  public static TupleStore of(Collection<IndexedTuple> tuples) {
    return EMPTY.apply(List.of(), tuples);
  }

  public long size() {
    return size;
  }

  public boolean contains(IndexedTuple tuple) {
    return find(tuple) != null;
  }

  /** The stored tuple equal to {@code probe} (carrying its condition), or null. */
  public IndexedTuple find(IndexedTuple probe) {
    Bucket bucket =
        byObject.find(Bucket.probe(probe.objectType(), probe.objectId(), probe.relation()));
    return bucket == null ? null : Members.find(bucket.members(probe.isUserset()), probe);
  }

  /**
   * This store with {@code deletes} removed, then {@code writes} added (a written tuple equal to a
   * stored one replaces it). Deleting a tuple that is absent is a no-op; callers enforce
   * preconditions before they get here.
   */
  public TupleStore apply(Collection<IndexedTuple> deletes, Collection<IndexedTuple> writes) {
    if (deletes.isEmpty() && writes.isEmpty()) {
      return this;
    }
    ShardedSet.Editor<Bucket> objects = byObject.edit();
    ShardedSet.Editor<Bucket> subjects = bySubject.edit();
    long newSize = size;
    for (IndexedTuple tuple : deletes) {
      boolean userset = tuple.isUserset();
      Bucket bucket =
          objects.find(Bucket.probe(tuple.objectType(), tuple.objectId(), tuple.relation()));
      if (bucket == null || Members.find(bucket.members(userset), tuple) == null) {
        continue;
      }
      replace(
          objects, bucket.withMembers(userset, Members.without(bucket.members(userset), tuple)));
      Bucket subjectBucket =
          subjects.find(Bucket.probe(tuple.subjectType(), tuple.subjectId(), ANY_RELATION));
      replace(
          subjects, subjectBucket.withMembers(false, Members.without(subjectBucket.direct, tuple)));
      newSize--;
    }
    for (IndexedTuple written : writes) {
      boolean userset = written.isUserset();
      Bucket subjectBucket =
          subjects.find(Bucket.probe(written.subjectType(), written.subjectId(), ANY_RELATION));
      Bucket bucket =
          objects.find(Bucket.probe(written.objectType(), written.objectId(), written.relation()));
      IndexedTuple tuple = canonical(written, bucket, subjectBucket, subjects, objects);
      if (bucket == null) {
        bucket = Bucket.probe(tuple.objectType(), tuple.objectId(), tuple.relation());
      }
      boolean present = Members.find(bucket.members(userset), tuple) != null;
      objects.with(bucket.withMembers(userset, Members.with(bucket.members(userset), tuple)));
      if (subjectBucket == null) {
        subjectBucket = Bucket.probe(tuple.subjectType(), tuple.subjectId(), ANY_RELATION);
      }
      subjects.with(subjectBucket.withMembers(false, Members.with(subjectBucket.direct, tuple)));
      if (!present) {
        newSize++;
      }
    }
    return new TupleStore(objects.done(), subjects.done(), newSize);
  }

  private static void replace(ShardedSet.Editor<Bucket> index, Bucket bucket) {
    if (bucket.isEmpty()) {
      index.without(bucket);
    } else {
      index.with(bucket);
    }
  }

  /**
   * The tuple with its id strings shared with those already stored, found with the lookups the
   * write makes anyway plus at most one more: an object id is shared with its bucket or with the
   * same object seen as a subject; a subject id with its subject bucket or, for a userset, with the
   * bucket of that object#relation. (The same object under two relations, first seen as neither a
   * subject nor a userset, keeps two copies.)
   */
  private static IndexedTuple canonical(
      IndexedTuple tuple,
      Bucket objectBucket,
      Bucket subjectBucket,
      ShardedSet.Editor<Bucket> bySubject,
      ShardedSet.Editor<Bucket> byObject) {
    String objectId = tuple.objectId();
    if (objectBucket != null) {
      objectId = objectBucket.id;
    } else {
      Bucket asSubject = bySubject.find(Bucket.probe(tuple.objectType(), objectId, ANY_RELATION));
      if (asSubject != null) {
        objectId = asSubject.id;
      }
    }
    String subjectId = tuple.subjectId();
    if (subjectBucket != null) {
      subjectId = subjectBucket.id;
    } else if (tuple.isUserset()) {
      Bucket asObject =
          byObject.find(Bucket.probe(tuple.subjectType(), subjectId, tuple.subjectRelation()));
      if (asObject != null) {
        subjectId = asObject.id;
      }
    }
    if (objectId == tuple.objectId() && subjectId == tuple.subjectId()) {
      return tuple;
    }
    return new IndexedTuple(
        tuple.objectType(),
        objectId,
        tuple.relation(),
        tuple.subjectType(),
        subjectId,
        tuple.subjectRelation(),
        tuple.condition());
  }

  @Override
  public RelationTuples tuplesOf(String objectType, String objectId, String relation) {
    Bucket bucket = byObject.find(Bucket.probe(objectType, objectId, relation));
    return bucket == null ? RelationTuples.EMPTY : bucket;
  }

  @Override
  public boolean visitBySubject(String subjectType, String subjectId, TupleVisitor visitor) {
    Bucket bucket = bySubject.find(Bucket.probe(subjectType, subjectId, ANY_RELATION));
    return bucket == null || Members.visit(bucket.direct, visitor);
  }

  /** How many partitions {@link #visitPartitions} divides the tuples into. */
  public static final int PARTITIONS = ShardedSet.PARTITIONS;

  /**
   * The tuples of partitions {@code [from, to)}: every tuple is in one of {@link #PARTITIONS}, by
   * the hash of its object and relation, and stays there however the store grows, so that an export
   * can walk them a few partitions at a time, each page costing only its own tuples.
   */
  public boolean visitPartitions(int from, int to, TupleVisitor visitor) {
    return byObject.visitPartitions(
        from,
        to,
        bucket -> Members.visit(bucket.direct, visitor) && Members.visit(bucket.usersets, visitor));
  }

  @Override
  public boolean visitAll(TupleVisitor visitor) {
    return byObject.visit(
        bucket -> Members.visit(bucket.direct, visitor) && Members.visit(bucket.usersets, visitor));
  }
}
