package io.castellan.benchmarks;

import io.castellan.engine.query.ListObjectsRequest;
import io.castellan.engine.query.Queries;
import io.castellan.engine.query.QueryOptions;
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

/** ListObjects for a user who can view about 100 projects (direct grants and nested teams). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ListObjectsBenchmark {

  @Param({"10000", "1000000"})
  public int tuples;

  private GeneratedOrganization organization;
  private ListObjectsRequest request;
  private final Queries queries = new Queries(QueryOptions.DEFAULTS);

  @Setup
  public void generate() {
    organization = GeneratedOrganization.of(tuples);
    request =
        new ListObjectsRequest(
            "project",
            "can_view",
            GeneratedOrganization.LISTER,
            List.of(),
            GeneratedOrganization.CONTEXT);
    System.out.printf(
        "%n[ListObjects returns %d projects on %d tuples]%n",
        queries.listObjects(organization.model, organization.store, request).size(), tuples);
    GeneratedOrganization.settleHeap();
  }

  @Benchmark
  public List<String> listObjects() {
    return queries.listObjects(organization.model, organization.store, request);
  }
}
