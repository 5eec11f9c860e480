package io.castellan.benchmarks;

import io.castellan.engine.query.CheckRequest;
import io.castellan.engine.query.Queries;
import io.castellan.engine.query.QueryOptions;
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

/**
 * Single-thread Check throughput on generated organizations: a shuffled mix of checks answered
 * within three hops (direct grant, team, nested team) and mostly-denied random pairs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class CheckBenchmark {

  @Param({"10000", "100000", "1000000"})
  public int tuples;

  private GeneratedOrganization organization;
  private CheckRequest[] checks;
  private final Queries queries = new Queries(QueryOptions.DEFAULTS);
  private int next;

  @Setup
  public void generate() {
    organization = GeneratedOrganization.of(tuples);
    checks = organization.checks.toArray(new CheckRequest[0]);
    GeneratedOrganization.settleHeap();
  }

  @Benchmark
  public boolean check() {
    CheckRequest request = checks[next++ & (checks.length - 1)];
    return queries.check(organization.model, organization.store, request);
  }
}
