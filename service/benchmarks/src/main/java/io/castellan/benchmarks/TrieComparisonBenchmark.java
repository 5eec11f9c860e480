package io.castellan.benchmarks;

import io.castellan.engine.store.PersistentSet;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.pcollections.HashTreePSet;
import org.pcollections.PSet;

/**
 * The engine's own persistent hash trie ({@link PersistentSet}) against a well-kept library's
 * (PCollections' {@code HashTreePSet}), on the element the tuple store keeps: a key of object type,
 * id and relation. Lookups of present keys by an equal probe (what every check does), and, from
 * {@link #main}, bytes retained per element. docs/benchmarks.md decides which stays.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class TrieComparisonBenchmark {

  /** What the store's object index is keyed by. */
  record Key(String type, String id, String relation) {}

  @Param({"100000", "1000000"})
  public int size;

  private PersistentSet<Key> ours;
  private PSet<Key> library;
  private Key[] probes;
  private int next;

  @Setup
  public void build() {
    ours = ownTrie(size);
    library = libraryTrie(size);
    probes = new Key[4096];
    Random random = new Random(7);
    for (int i = 0; i < probes.length; i++) {
      probes[i] = key(random.nextInt(size)); // fresh objects, equal to stored ones
    }
    GeneratedOrganization.settleHeap();
  }

  private static Key key(int i) {
    return new Key("document", "d" + i, i % 3 == 0 ? "owner" : "viewer");
  }

  static PersistentSet<Key> ownTrie(int size) {
    PersistentSet<Key> set = PersistentSet.empty();
    for (int i = 0; i < size; i++) {
      set = set.with(key(i));
    }
    return set;
  }

  static PSet<Key> libraryTrie(int size) {
    PSet<Key> set = HashTreePSet.empty();
    for (int i = 0; i < size; i++) {
      set = set.plus(key(i));
    }
    return set;
  }

  @Benchmark
  public Object ownTrieLookup() {
    return ours.find(probes[next++ & (probes.length - 1)]);
  }

  @Benchmark
  public boolean libraryTrieLookup() {
    return library.contains(probes[next++ & (probes.length - 1)]);
  }

  /** Bytes retained per element by each trie (keys included, the same in both). */
  public static void main(String[] args) throws InterruptedException {
    int size = args.length == 0 ? 1_000_000 : Integer.parseInt(args[0]);
    ownTrie(1000);
    libraryTrie(1000);
    long before = HeapFootprint.usedAfterGc();
    Object own = ownTrie(size);
    long afterOwn = HeapFootprint.usedAfterGc();
    Object lib = libraryTrie(size);
    long afterLibrary = HeapFootprint.usedAfterGc();
    System.out.printf(
        "%,d elements: own trie %.1f bytes per element, PCollections HashTreePSet %.1f%n",
        size, (afterOwn - before) / (double) size, (afterLibrary - afterOwn) / (double) size);
    // both stay reachable until here
    System.out.println(System.identityHashCode(own) == System.identityHashCode(lib) ? "?" : "");
  }
}
