package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No organization moves while the journal is down: a node that joins while Cassandra is stopped
 * takes none of them (each would have to recover from the journal there, and answer nothing until
 * Cassandra returned), so every organization keeps answering reads from memory where it is; once
 * Cassandra is back, they are balanced over both nodes. Two nodes in this JVM on a Cassandra of
 * this test's own, which it kills and starts again.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class JournalOutageRebalanceIntegrationTest {

  private static final int ORGANIZATIONS = 12;
  // the coordinator looks for shards to move every second (Pekko's default is 10 s)
  private static final String SETTINGS = "pekko.cluster.sharding.rebalance-interval = 1 s";
  private static final String MODEL =
      "{\"dsl\": \"model\\n  schema 1.1\\ntype user\\ntype doc\\n  relations\\n    define viewer: [user]\\n\"}";
  private static final String TUPLE =
      "{\"object\": \"doc:1\", \"relation\": \"viewer\", \"user\": \"user:anne\"}";

  private static final String KEYSPACE = TestNode.newKeyspace("outage_it");

  private static TestCassandra cassandra;
  private static TestNode first;
  private static TestNode.Starting second;

  @BeforeAll
  static void start() throws Exception {
    cassandra = TestCassandra.startDedicated();
    first =
        TestNode.starting(cassandra, KEYSPACE, null, SETTINGS).ready().get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (second != null) {
      second.system().terminate();
      second.system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (first != null) {
      first.close();
    }
    if (cassandra != null) {
      cassandra.stop();
    }
  }

  @Test
  void aNodeJoiningWhileCassandraIsDownTakesNoOrganizationUntilCassandraIsBack() throws Exception {
    HttpClientSupport http = new HttpClientSupport(first.baseUrl());
    List<String> organizations = new ArrayList<>();
    for (int i = 0; i < ORGANIZATIONS; i++) {
      String org = "stay-" + i;
      assertEquals(201, http.send("PUT", "/v1/orgs/" + org, "{\"name\": \"s\"}").status());
      assertEquals(201, http.post("/v1/orgs/" + org + "/models", MODEL).status());
      assertEquals(
          200,
          http.post("/v1/orgs/" + org + "/write", "{\"writes\": {\"tuple_keys\": [" + TUPLE + "]}}")
              .status());
      organizations.add(org);
    }
    assertEquals(ORGANIZATIONS, first.hostedOrganizations().size());

    cassandra.kill();
    second = TestNode.starting(cassandra, KEYSPACE, first, SETTINGS);
    awaitTrue(() -> first.upMembers() == 2, Duration.ofSeconds(30), "the second node joined");
    Thread.sleep(8_000); // eight chances for the coordinator to move shards to the new node

    assertEquals(
        ORGANIZATIONS,
        first.hostedOrganizations().size(),
        "no organization moved while the journal was down");
    for (String org : organizations) {
      assertAllowed(http, org, "answered from memory while Cassandra is down");
    }

    cassandra.restart();
    second.ready().get(90, TimeUnit.SECONDS);
    awaitTrue(
        () -> first.hostedOrganizations().size() < ORGANIZATIONS,
        Duration.ofSeconds(60),
        "organizations move to the new node once the journal is back");
    for (String org : organizations) {
      assertAllowed(http, org, "answered wherever it runs now");
    }
  }

  private static void assertAllowed(HttpClientSupport http, String org, String why) {
    HttpClientSupport.Response check =
        http.post("/v1/orgs/" + org + "/check", "{\"tuple_key\": " + TUPLE + "}");
    assertEquals(200, check.status(), org + ": " + why + ": " + check.raw());
    assertTrue(check.body().path("allowed").asBoolean(), check.raw());
  }

  private static void awaitTrue(
      java.util.function.BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    assertTrue(condition.getAsBoolean(), what);
  }
}
