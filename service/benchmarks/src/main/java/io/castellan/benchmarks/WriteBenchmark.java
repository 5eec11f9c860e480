package io.castellan.benchmarks;

import io.castellan.engine.store.IndexedTuple;
import io.castellan.engine.store.TupleStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Applying a one-tuple write to a large store: the cost of publishing the next immutable snapshot.
 * Each invocation writes a different new tuple to the same base store.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WriteBenchmark {

  @Param({"1000000"})
  public int tuples;

  private TupleStore store;
  private IndexedTuple[] writes;
  private int next;

  @Setup
  public void generate() {
    GeneratedOrganization organization = GeneratedOrganization.of(tuples);
    store = organization.store;
    writes = new IndexedTuple[4096];
    for (int i = 0; i < writes.length; i++) {
      writes[i] = organization.newViewerGrant(i);
    }
    GeneratedOrganization.settleHeap();
  }

  @Benchmark
  public TupleStore applyOneTupleWrite() {
    return store.apply(List.of(), List.of(writes[next++ & (writes.length - 1)]));
  }
}
