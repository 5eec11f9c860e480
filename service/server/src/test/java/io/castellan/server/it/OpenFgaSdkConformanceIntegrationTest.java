package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * nodes. The SDK talks to one; about half of the stores run on the other, so their writes cross to
 * it through sharding and their reads are forwarded to it.
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
    System.out.println(
        STATS.report("OpenFGA conformance through HTTP with the OpenFGA SDK (assertions):"));
    int here = node.hostedOrganizations().size();
    int there = other.hostedOrganizations().size();
    System.out.println(
        "stores hosted by the node the SDK talks to: " + here + ", by the other node: " + there);
    other.close();
    node.close();
    // the cross-node claim holds only if both nodes hosted stores (sharding spreads them)
    assertTrue(here > 0 && there > 0, "both nodes host stores: " + here + " and " + there);
  }

  @TestFactory
  Stream<DynamicTest> openFgaCasesPassThroughTheHttpApi() {
    return ConformanceSuite.dynamicTests(() -> new SdkConformanceTarget(node.baseUrl()), STATS);
  }
}
