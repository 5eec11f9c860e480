package io.castellan.server.it;

import io.castellan.engine.conformance.ConformanceStats;
import io.castellan.engine.conformance.ConformanceSuite;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The OpenFGA conformance cases again, end to end: the official OpenFGA Java SDK against
 * Castellan's OpenFGA-compatible HTTP API, journaling to a real Cassandra.
 */
class OpenFgaSdkConformanceIntegrationTest {

  private static final ConformanceStats STATS = new ConformanceStats();
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(TestNode.newKeyspace("conformance_it"));
  }

  @AfterAll
  static void stop() {
    System.out.println(STATS.report("OpenFGA conformance through HTTP with the OpenFGA SDK (assertions):"));
    node.close();
  }

  @TestFactory
  Stream<DynamicTest> openFgaCasesPassThroughTheHttpApi() {
    return ConformanceSuite.dynamicTests(() -> new SdkConformanceTarget(node.baseUrl()), STATS);
  }
}
