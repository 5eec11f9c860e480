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
 * Castellan's OpenFGA-compatible HTTP API, journaling to a real Cassandra, on a cluster of two
 * nodes. The SDK talks to one; about half of the stores run on the other, so their writes cross
 * to it through sharding and their reads are forwarded to it.
 */
class OpenFgaSdkConformanceIntegrationTest {

  private static final ConformanceStats STATS = new ConformanceStats();
  private static TestNode node;
  private static TestNode other;

  @BeforeAll
  static void start() throws InterruptedException {
    TestNode[] nodes = TestNode.startTwo(TestNode.newKeyspace("conformance_it"));
    node = nodes[0];
    other = nodes[1];
  }

  @AfterAll
  static void stop() {
    System.out.println(STATS.report("OpenFGA conformance through HTTP with the OpenFGA SDK (assertions):"));
    System.out.println("stores hosted by the node the SDK talks to: " + node.hostedOrganizations().size()
        + ", by the other node: " + other.hostedOrganizations().size());
    other.close();
    node.close();
  }

  @TestFactory
  Stream<DynamicTest> openFgaCasesPassThroughTheHttpApi() {
    return ConformanceSuite.dynamicTests(() -> new SdkConformanceTarget(node.baseUrl()), STATS);
  }
}
