package io.castellan.engine.store;

import java.util.Arrays;

/**
 * A persistent set split by the top bits of the hash into up to 4,096 {@link PersistentSet} shards.
 * A lookup lands directly on a shard and so skips the two upper trie levels, which matters once the
 * set no longer fits in the CPU caches; an update copies the shard array (16 KB at most) once per
 * batch. The shard count grows with the set (1, 16, 256, 4,096), each growth redistributing the
 * elements once.
 */
final class ShardedSet<E> {

  private static final int MAX_BITS = 12;
  private static final int BITS_STEP = 4;

  /** Elements per shard that trigger the next growth step. */
  private static final int GROW_AT = 256;

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static final ShardedSet<?> EMPTY =
      new ShardedSet(0, new PersistentSet[] {PersistentSet.empty()}, 0);

  private final int bits;
  private final PersistentSet<E>[] shards;
  private final int size;

  private ShardedSet(int bits, PersistentSet<E>[] shards, int size) {
    this.bits = bits;
    this.shards = shards;
    this.size = size;
  }

  @SuppressWarnings("unchecked")
  static <E> ShardedSet<E> empty() {
    return (ShardedSet<E>) EMPTY;
  }

  int size() {
    return size;
  }

  private static int shardOf(int hash, int bits) {
    return bits == 0 ? 0 : hash >>> (32 - bits);
  }

  E find(Object probe) {
    return shards[shardOf(PersistentSet.hash(probe), bits)].find(probe);
  }

  boolean visit(PersistentSet.Visitor<? super E> visitor) {
    for (PersistentSet<E> shard : shards) {
      if (!shard.visit(visitor)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Visits the elements whose hash's top {@value #MAX_BITS} bits (their partition, one of {@link
   * #PARTITIONS}) are in {@code [from, to)}. An element's partition never changes as the set grows,
   * so a walk partition by partition, across versions of the set, visits each element that stays in
   * it once (what an export pages by).
   */
  boolean visitPartitions(int from, int to, PersistentSet.Visitor<? super E> visitor) {
    int shift = MAX_BITS - bits;
    for (int shard = from >>> shift; shard <= (to - 1) >>> shift; shard++) {
      boolean whole = shard << shift >= from && (shard + 1) << shift <= to;
      boolean finished =
          shards[shard].visit(
              element -> {
                int partition = PersistentSet.hash(element) >>> (32 - MAX_BITS);
                return (!whole && (partition < from || partition >= to)) || visitor.visit(element);
              });
      if (!finished) {
        return false;
      }
    }
    return true;
  }

  static final int PARTITIONS = 1 << MAX_BITS;

  Editor<E> edit() {
    return new Editor<>(bits, shards.clone(), size);
  }

  /** A batch of updates on a private copy of the shard array; {@link #done} publishes it. */
  static final class Editor<E> {
    private int bits;
    private PersistentSet<E>[] shards;
    private int size;

    private Editor(int bits, PersistentSet<E>[] shards, int size) {
      this.bits = bits;
      this.shards = shards;
      this.size = size;
    }

    E find(Object probe) {
      return shards[shardOf(PersistentSet.hash(probe), bits)].find(probe);
    }

    void with(E element) {
      int shard = shardOf(PersistentSet.hash(element), bits);
      int before = shards[shard].size();
      shards[shard] = shards[shard].with(element);
      size += shards[shard].size() - before;
      if (bits < MAX_BITS && size > GROW_AT << bits) {
        // at once, not at done(): a batch that adds many elements (a snapshot's tuples, loaded in
        // one batch) then goes into small shards rather than into one deep trie
        grow(bits + BITS_STEP);
      }
    }

    void without(Object probe) {
      int shard = shardOf(PersistentSet.hash(probe), bits);
      int before = shards[shard].size();
      shards[shard] = shards[shard].without(probe);
      size += shards[shard].size() - before;
    }

    ShardedSet<E> done() {
      int target = bits;
      while (target < MAX_BITS && size > GROW_AT << target) {
        target += BITS_STEP;
      }
      if (target != bits) {
        grow(target);
      }
      ShardedSet<E> result = new ShardedSet<>(bits, shards, size);
      shards = null; // the editor must not touch a published array
      return result;
    }

    /** Redistributes the elements over {@code 1 << target} shards. */
    @SuppressWarnings("unchecked")
    private void grow(int target) {
      PersistentSet<E>[] grown = new PersistentSet[1 << target];
      Arrays.fill(grown, PersistentSet.empty());
      for (PersistentSet<E> shard : shards) {
        shard.visit(
            element -> {
              int index = shardOf(PersistentSet.hash(element), target);
              grown[index] = grown[index].with(element);
              return true;
            });
      }
      bits = target;
      shards = grown;
    }
  }
}
