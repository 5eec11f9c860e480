package io.castellan.benchmarks;

import io.castellan.engine.query.CheckRequest;
import io.castellan.engine.query.Queries;
import io.castellan.engine.query.QueryOptions;
import io.castellan.engine.store.RelationTuples;
import io.castellan.engine.store.TupleReader;
import io.castellan.engine.store.TupleVisitor;

/**
 * Counts the index lookups behind the check mix of {@link CheckBenchmark}: every check of the mix
 * runs once against the generated organization through a reader that counts what it is asked.
 * docs/benchmarks.md quotes its output.
 *
 * <pre>
 * java -cp service/benchmarks/target/benchmarks.jar io.castellan.benchmarks.LookupsPerCheck [tuples ...]
 * </pre>
 */
public final class LookupsPerCheck {

  private LookupsPerCheck() {}

  public static void main(String[] args) {
    String[] sizes = args.length > 0 ? args : new String[] {"10000", "100000", "1000000"};
    Queries queries = new Queries(QueryOptions.DEFAULTS);
    for (String size : sizes) {
      GeneratedOrganization organization = GeneratedOrganization.of(Integer.parseInt(size));
      CountingReader reader = new CountingReader(organization.store);
      int allowed = 0;
      for (CheckRequest check : organization.checks) {
        allowed += queries.check(organization.model, reader, check) ? 1 : 0;
      }
      int checks = organization.checks.size();
      System.out.printf(
          "%s tuples: %d checks (%d allowed), %.2f index lookups per check "
              + "(%.2f by object#relation, %.2f by subject)%n",
          size,
          checks,
          allowed,
          (reader.byObject + reader.bySubject) / (double) checks,
          reader.byObject / (double) checks,
          reader.bySubject / (double) checks);
    }
  }

  /** A reader that counts the lookups in the two indexes, and otherwise reads the store. */
  static final class CountingReader implements TupleReader {
    private final TupleReader store;
    long byObject;
    long bySubject;

    CountingReader(TupleReader store) {
      this.store = store;
    }

    @Override
    public RelationTuples tuplesOf(String objectType, String objectId, String relation) {
      byObject++;
      return store.tuplesOf(objectType, objectId, relation);
    }

    @Override
    public boolean visitBySubject(String subjectType, String subjectId, TupleVisitor visitor) {
      bySubject++;
      return store.visitBySubject(subjectType, subjectId, visitor);
    }

    @Override
    public boolean visitAll(TupleVisitor visitor) {
      return store.visitAll(visitor);
    }
  }
}
