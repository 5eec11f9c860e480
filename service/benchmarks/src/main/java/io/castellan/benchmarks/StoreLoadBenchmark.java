package io.castellan.benchmarks;

import io.castellan.engine.store.IndexedTuple;
import io.castellan.engine.store.TupleStore;
import java.util.ArrayList;
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
 * Building a store from all of an organization's tuples in one batch: what loading a snapshot costs
 * (an entity recovering, and every read at a past revision that nobody asked before).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StoreLoadBenchmark {

  @Param({"100000"})
  public int tuples;

  private List<IndexedTuple> all;

  @Setup
  public void generate() {
    TupleStore store = GeneratedOrganization.of(tuples).store;
    all = new ArrayList<>();
    store.visitAll(all::add);
    GeneratedOrganization.settleHeap();
  }

  @Benchmark
  public TupleStore buildFromAllTuples() {
    return TupleStore.of(all);
  }
}
