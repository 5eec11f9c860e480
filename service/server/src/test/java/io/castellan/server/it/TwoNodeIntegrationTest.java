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
}
