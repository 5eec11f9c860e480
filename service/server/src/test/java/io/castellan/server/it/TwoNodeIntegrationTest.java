package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import io.castellan.server.organization.Organization;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in one cluster, each serving the whole API: organizations are spread over both, and
 * whichever node a request reaches answers it, including reads of organizations hosted on the
 * other node and writes that cross to it.
 */
class TwoNodeIntegrationTest {

  private static TestNode first;
  private static TestNode second;

  @BeforeAll
  static void start() throws InterruptedException {
    String keyspace = TestNode.newKeyspace("two_nodes_it");
    first = TestNode.start(keyspace);
    second = TestNode.start(keyspace, first);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (upMembers() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertEquals(2, upMembers(), "the second node did not join");
  }

  private static long upMembers() {
    return java.util.stream.StreamSupport.stream(
            Cluster.get(first.system()).state().getMembers().spliterator(), false)
        .filter(member -> member.status() == MemberStatus.up())
        .count();
  }

  /** The organizations running on a node (not the startup probe, which exists on one node only). */
  private static java.util.Set<String> hostedOrganizations(TestNode node) {
    try {
      ShardRegion.CurrentShardRegionState state = AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
              ClusterSharding.get(node.system()).shardState(),
              replyTo -> new GetShardRegionState(Organization.ENTITY_KEY, replyTo),
              Duration.ofSeconds(5), node.system().scheduler())
          .toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
      java.util.Set<String> ids = new java.util.TreeSet<>();
      state.getShards().forEach(shard -> ids.addAll(shard.getEntityIds()));
      ids.remove("castellan-startup-probe");
      return ids;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() {
    second.close();
    first.close();
  }

  @Test
  void everyNodeAnswersForEveryOrganization() {
    HttpClientSupport viaFirst = new HttpClientSupport(first.baseUrl());
    HttpClientSupport viaSecond = new HttpClientSupport(second.baseUrl());
    List<String> organizations = List.of("north", "south", "east", "west", "up", "down", "left", "right");
    for (String org : organizations) {
      HttpClientSupport writer = org.length() % 2 == 0 ? viaFirst : viaSecond;
      assertEquals(201, writer.send("PUT", "/v1/orgs/" + org, "{\"name\": \"" + org + "\"}").status());
      assertEquals(201, writer.post("/v1/orgs/" + org + "/models",
          "{\"dsl\": \"model\\n  schema 1.1\\ntype user\\ntype doc\\n  relations\\n    define viewer: [user]\\n\"}").status());
      HttpClientSupport.Response write = writer.post("/v1/orgs/" + org + "/write",
          "{\"writes\": {\"tuple_keys\": [{\"object\": \"doc:1\", \"relation\": \"viewer\", \"user\": \"user:anne\"}]}}");
      assertEquals(200, write.status(), write.raw());
    }
    // with 8 organizations over 100 shards, both nodes host some: reads cross nodes both ways
    assertTrue(!hostedOrganizations(first).isEmpty() && !hostedOrganizations(second).isEmpty(),
        "organizations on the first node: " + hostedOrganizations(first) + ", on the second: " + hostedOrganizations(second));
    for (String org : organizations) {
      for (HttpClientSupport reader : List.of(viaFirst, viaSecond)) {
        HttpClientSupport.Response check = reader.post("/v1/orgs/" + org + "/check",
            "{\"tuple_key\": {\"object\": \"doc:1\", \"relation\": \"viewer\", \"user\": \"user:anne\"}}");
        assertEquals(200, check.status(), check.raw());
        assertTrue(check.body().path("allowed").asBoolean(), org + ": " + check.raw());
      }
    }
  }

  @Test
  void readsOfALargeOrganizationHostedElsewhereAreAnsweredWhereItLives() {
    String org = "large";
    HttpClientSupport viaFirst = new HttpClientSupport(first.baseUrl());
    assertEquals(201, viaFirst.send("PUT", "/v1/orgs/" + org, "{\"name\": \"large\"}").status());
    assertEquals(201, viaFirst.post("/v1/orgs/" + org + "/models",
        "{\"dsl\": \"model\\n  schema 1.1\\ntype user\\ntype doc\\n  relations\\n    define viewer: [user]\\n\"}").status());
    // 12,000 tuples with random ids: even compressed, the state is larger than Pekko's 256 KiB
    // remote frame, so only the request and the answer can cross between the nodes
    List<String> users = java.util.stream.IntStream.range(0, 50).mapToObj(i -> "user:" + java.util.UUID.randomUUID()).toList();
    String lastDocument = null;
    String token = null;
    for (int batch = 0; batch < 120; batch++) {
      StringBuilder keys = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        lastDocument = "doc:" + java.util.UUID.randomUUID();
        keys.append(i == 0 ? "" : ",").append("{\"object\": \"").append(lastDocument)
            .append("\", \"relation\": \"viewer\", \"user\": \"").append(users.get(i % 50)).append("\"}");
      }
      HttpClientSupport.Response write = viaFirst.post("/v1/orgs/" + org + "/write",
          "{\"writes\": {\"tuple_keys\": [" + keys + "]}}");
      assertEquals(200, write.status(), write.raw());
      token = write.body().path("revision").asText();
    }
    TestNode host = hostedOrganizations(first).contains(org) ? first : second;
    HttpClientSupport elsewhere = new HttpClientSupport((host == first ? second : first).baseUrl());

    HttpClientSupport.Response check = elsewhere.post("/v1/orgs/" + org + "/check", "{\"tuple_key\": {\"object\": \""
        + lastDocument + "\", \"relation\": \"viewer\", \"user\": \"" + users.get(49) + "\"}, "
        + "\"consistency\": \"AT_LEAST_AS_FRESH\", \"revision\": \"" + token + "\"}");
    assertEquals(200, check.status(), check.raw());
    assertTrue(check.body().path("allowed").asBoolean(), check.raw());
    assertEquals(token, check.body().path("revision").asText());

    HttpClientSupport.Response objects = elsewhere.post("/v1/orgs/" + org + "/list-objects",
        "{\"type\": \"doc\", \"relation\": \"viewer\", \"user\": \"" + users.get(7) + "\"}");
    assertEquals(200, objects.status(), objects.raw());
    assertEquals(240, objects.body().path("objects").size(), objects.raw());

    HttpClientSupport.Response mistake = elsewhere.post("/v1/orgs/" + org + "/check",
        "{\"tuple_key\": {\"object\": \"doc:x\", \"relation\": \"owner\", \"user\": \"user:anne\"}}");
    assertEquals(400, mistake.status(), mistake.raw());
    assertEquals("validation_error", mistake.body().path("code").asText(), mistake.raw());
  }
}
