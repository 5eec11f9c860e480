package io.castellan.engine.conformance;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The OpenFGA consistency cases (check, list-objects, list-users, conditions, contextual tuples,
 * expected errors) against the engine, with pass counts per feature printed at the end.
 */
class OpenFgaConformanceTest {

  private static final ConformanceStats STATS = new ConformanceStats();

  @TestFactory
  Stream<DynamicTest> openFgaCasesPassOnTheEngine() {
    return ConformanceSuite.dynamicTests(EngineConformanceTarget::new, STATS);
  }

  @AfterAll
  static void printPassCountsPerFeature() {
    System.out.println(STATS.report("OpenFGA conformance against the engine (assertions):"));
  }
}
