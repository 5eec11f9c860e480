package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * What a write's answer promises, under faults: an acknowledged write is never lost, an error
 * answer (other than {@code outcome_unknown}) means the write was not applied, and a write whose
 * deadline passed while the journal was down is never applied later. A node (its own JVM) on a
 * Cassandra of this test's own, which the test kills with SIGKILL and starts again on the same data
 * folder; then the node itself is killed. Writers and checkers run throughout, every answer
 * recorded ({@link MixedLoad}).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DurabilityFaultIntegrationTest {

  private static final String ORG = "durable";
  private static final String KNOWN_CHECK =
      "{\"tuple_key\": {\"object\": \"document:seed\", \"relation\": \"viewer\", \"user\": \"user:seed\"}}";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static TestCassandra cassandra;
  private static NodeProcess node;

  @BeforeAll
  static void startCassandraAndNode() throws Exception {
    cassandra = TestCassandra.startDedicated();
    node = NodeProcess.start(TestNode.newKeyspace("durability_it"), cassandra.contactPoint());
    assertEquals(201, http().send("PUT", "/v1/orgs/" + ORG, "{\"name\": \"durable\"}").status());
    assertEquals(
        201,
        http()
            .post(
                "/v1/orgs/" + ORG + "/models",
                "{\"dsl\": \"model\\n  schema 1.1\\ntype user\\ntype document\\n  relations\\n    define viewer: [user]\\n\"}")
            .status());
    assertEquals(
        200,
        http()
            .post(
                "/v1/orgs/" + ORG + "/write",
                "{\"writes\": {\"tuple_keys\": [{\"object\": \"document:seed\", \"relation\": \"viewer\", \"user\": \"user:seed\"}]}}")
            .status());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (cassandra != null) {
      cassandra.stop();
    }
  }

  @Test
  @Order(1)
  void cassandraKilledUnderLoadLosesNoAcknowledgedWriteAndAppliesNoRefusedOrExpiredOne()
      throws Exception {
    MixedLoad load = MixedLoad.start(node.baseUrl(), ORG, "c", 4, 2, KNOWN_CHECK);
    Thread.sleep(3_000);
    long killed = System.nanoTime();
    cassandra.kill();
    Thread.sleep(5_000);
    int readinessDuringOutage = status(node.readinessUrl());
    Thread.sleep(11_000); // Cassandra is down for 16 s, plus the time it takes to start
    long restarting = System.nanoTime();
    cassandra.restart();
    long back = System.nanoTime();
    MixedLoad.Write firstAfterBack = load.firstAcknowledgedAfter(back, Duration.ofSeconds(30));
    Thread.sleep(2_000);
    List<MixedLoad.Write> writes = load.stop().writes();
    Set<String> present = objectsPresent();

    assertNotEquals(200, readinessDuringOutage, "readiness reports the journal as down");
    assertNotNull(firstAfterBack, "no write succeeded within 30 s of Cassandra's return");
    long recoveryMillis = (firstAfterBack.endNanos() - back) / 1_000_000;
    assertTrue(
        recoveryMillis <= 10_000,
        "writes succeed again within 10 s of Cassandra's return, took " + recoveryMillis + " ms");

    // the writes in flight at the kill may have an unknown outcome; those after it fail fast
    List<MixedLoad.Write> duringOutage =
        writes.stream()
            .filter(
                w ->
                    w.startNanos() >= killed + TimeUnit.SECONDS.toNanos(2)
                        && w.startNanos() < restarting)
            .toList();
    assertTrue(
        duringOutage.size() > 50, "writes were tried during the outage: " + duringOutage.size());
    assertEquals(
        List.of(),
        duringOutage.stream().filter(MixedLoad.Write::acknowledged).toList(),
        "no write is acknowledged while the journal is down");
    assertEquals(
        List.of(),
        duringOutage.stream().filter(w -> w.millis() > 1_000).toList(),
        "every write during the outage fails within 1 s");

    List<MixedLoad.Check> checksDuringOutage =
        load.checks().stream()
            .filter(c -> c.startNanos() >= killed && c.startNanos() < back)
            .toList();
    assertTrue(
        checksDuringOutage.size() > 100,
        "checks ran during the outage: " + checksDuringOutage.size());
    assertEquals(
        List.of(),
        checksDuringOutage.stream().filter(c -> !c.allowed()).toList(),
        "every check during the outage is answered, from memory");

    assertDurable(writes, present);
    // the deadline of every write tried during the outage passed before Cassandra was back: none of
    // them may be applied later, whatever its answer said
    List<MixedLoad.Write> expired =
        duringOutage.stream()
            .filter(w -> w.startNanos() + REQUEST_TIMEOUT.toNanos() < back)
            .toList();
    assertEquals(
        List.of(),
        expired.stream().filter(w -> present.contains(w.object())).toList(),
        "writes whose deadline passed while the journal was down are never applied");
    System.out.printf(
        "Cassandra fault: %d writes (%d acknowledged, %d refused, %d unknown), %d during the "
            + "outage (slowest %d ms), %d checks during it, writes back %d ms after Cassandra%n",
        writes.size(),
        writes.stream().filter(MixedLoad.Write::acknowledged).count(),
        writes.stream().filter(MixedLoad.Write::refused).count(),
        writes.stream().filter(MixedLoad.Write::outcomeUnknown).count(),
        duringOutage.size(),
        duringOutage.stream().mapToLong(MixedLoad.Write::millis).max().orElse(0),
        checksDuringOutage.size(),
        recoveryMillis);
  }

  @Test
  @Order(2)
  void aNodeKilledUnderLoadLosesNoAcknowledgedWriteAndServesAgainWithin15Seconds()
      throws Exception {
    MixedLoad load = MixedLoad.start(node.baseUrl(), ORG, "n", 4, 2, KNOWN_CHECK);
    Thread.sleep(3_000);
    node.kill();
    List<MixedLoad.Write> writes = load.stop().writes();
    long restarting = System.nanoTime();
    node.restart();
    long serving = awaitAllowedCheck(Duration.ofSeconds(30));
    long servingMillis = (serving - restarting) / 1_000_000;
    assertTrue(
        servingMillis <= 15_000,
        "the organization serves again within 15 s of the restart, took " + servingMillis + " ms");
    assertTrue(
        writes.stream().filter(MixedLoad.Write::acknowledged).count() > 50,
        "writes were acknowledged before the kill");
    assertDurable(writes, objectsPresent());
    System.out.printf(
        "node fault: %d writes (%d acknowledged), serving %d ms after the restart began%n",
        writes.size(),
        writes.stream().filter(MixedLoad.Write::acknowledged).count(),
        servingMillis);
  }

  @Test
  @Order(3)
  void aWriteRetriedWithItsIdempotencyKeyAcrossANodeRestartIsAnsweredAsTheFirstTimeAndAppliedOnce()
      throws Exception {
    String body =
        "{\"writes\": {\"tuple_keys\": [{\"object\": \"document:keyed\", \"relation\": \"viewer\", "
            + "\"user\": \"user:anne\"}]}}";
    HttpResponse<String> first = keyedWrite("retry-1", body);
    assertEquals(200, first.statusCode(), first.body());
    String revision = HttpClientSupport.JSON.readTree(first.body()).path("revision").asText();

    assertEquals(143, node.stop(), "the node stops on SIGTERM");
    node.restart();
    HttpResponse<String> retry = keyedWrite("retry-1", body);
    assertEquals(200, retry.statusCode(), retry.body());
    assertEquals(
        revision,
        HttpClientSupport.JSON.readTree(retry.body()).path("revision").asText(),
        "the retry is answered with the first write's revision");
    assertEquals(revision, organizationRevision(), "the retry journaled nothing");

    HttpResponse<String> reused = keyedWrite("retry-1", body.replace("user:anne", "user:bob"));
    assertEquals(422, reused.statusCode(), reused.body());
    assertEquals(
        "idempotency_key_reused",
        HttpClientSupport.JSON.readTree(reused.body()).path("code").asText());
    assertEquals(revision, organizationRevision(), "the refused reuse journaled nothing");
  }

  /** Every acknowledged write is present; no write refused with a definite error is. */
  private static void assertDurable(List<MixedLoad.Write> writes, Set<String> present) {
    List<String> lost =
        writes.stream()
            .filter(MixedLoad.Write::acknowledged)
            .map(MixedLoad.Write::object)
            .filter(object -> !present.contains(object))
            .toList();
    assertEquals(List.of(), lost, "acknowledged writes that were lost");
    List<MixedLoad.Write> appliedDespiteRefusal =
        writes.stream()
            .filter(MixedLoad.Write::refused)
            .filter(w -> present.contains(w.object()))
            .toList();
    assertEquals(
        List.of(), appliedDespiteRefusal, "writes refused with a definite error that were applied");
  }

  /** Every object with a {@code viewer} tuple, read page by page at the newest revision. */
  private static Set<String> objectsPresent() {
    Set<String> objects = new HashSet<>();
    String token = "";
    do {
      ObjectNode request = HttpClientSupport.JSON.createObjectNode();
      request.putObject("tuple_key").put("object", "document:").put("relation", "viewer");
      request
          .put("page_size", 100)
          .put("continuation_token", token)
          .put("consistency", "FULLY_CONSISTENT");
      HttpClientSupport.Response page =
          http().post("/v1/orgs/" + ORG + "/read", request.toString());
      assertEquals(200, page.status(), page.raw());
      for (JsonNode tuple : page.body().path("tuples")) {
        objects.add(tuple.path("key").path("object").asText());
      }
      token = page.body().path("continuation_token").asText("");
    } while (!token.isEmpty());
    return objects;
  }

  /** The node's HTTP API: a restarted node listens on a port of its own. */
  private static HttpClientSupport http() {
    return new HttpClientSupport(node.baseUrl());
  }

  private static long awaitAllowedCheck(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      HttpClientSupport.Response check = http().post("/v1/orgs/" + ORG + "/check", KNOWN_CHECK);
      if (check.status() == 200 && check.body().path("allowed").asBoolean()) {
        return System.nanoTime();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the organization did not answer a check within " + timeout);
  }

  private static String organizationRevision() {
    return http().send("GET", "/v1/orgs/" + ORG, null).body().path("revision").asText();
  }

  private static HttpResponse<String> keyedWrite(String key, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/orgs/" + ORG + "/write"))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestNode.OPERATOR_KEY)
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static int status(String url) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
