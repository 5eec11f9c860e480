package io.castellan.server.it;

import static io.castellan.server.it.HttpClientSupport.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in one cluster, each serving the whole API: organizations are spread over both, and
 * whichever node a request reaches answers it, including reads of organizations hosted on the other
 * node and writes that cross to it.
 */
class TwoNodeIntegrationTest {

  private static TestNode first;
  private static TestNode second;

  @BeforeAll
  static void start() throws InterruptedException {
    // followers check the journal only every minute: what they show sooner came through the feed
    TestNode[] nodes =
        TestNode.startTwo(
            TestNode.newKeyspace("two_nodes_it"), "castellan.followers.verify-every = 60 s");
    first = nodes[0];
    second = nodes[1];
  }

  private static Set<String> hostedOrganizations(TestNode node) {
    return node.hostedOrganizations();
  }

  @AfterAll
  static void stop() {
    second.close();
    first.close();
  }

  @Test
  void theManagementEndpointsAnswerThroughEitherNode() {
    HttpClientSupport viaFirst = new HttpClientSupport(first.baseUrl());
    HttpClientSupport viaSecond = new HttpClientSupport(second.baseUrl());
    boolean onFirst = false;
    boolean onSecond = false;
    for (int i = 0; i < 16 && !(onFirst && onSecond); i++) {
      String org = "managed" + i;
      assertEquals(201, viaFirst.send("PUT", "/v1/orgs/" + org, "{}").status());
      // a change and a read through each node: one of them does not host the organization
      for (HttpClientSupport via : List.of(viaFirst, viaSecond)) {
        String team = via == viaFirst ? "one" : "two";
        HttpClientSupport.Response created =
            via.post("/v1/orgs/" + org + "/teams", "{\"id\": \"" + team + "\", \"name\": \"T\"}");
        assertEquals(201, created.status(), created.raw());
        HttpClientSupport.Response added =
            via.send("PUT", "/v1/orgs/" + org + "/teams/" + team + "/members/user:ann", null);
        assertEquals(200, added.status(), added.raw());
      }
      for (HttpClientSupport via : List.of(viaFirst, viaSecond)) {
        HttpClientSupport.Response teams = via.send("GET", "/v1/orgs/" + org + "/teams", null);
        assertEquals(200, teams.status(), teams.raw());
        assertEquals(2, teams.body().path("teams").size(), teams.raw());
        HttpClientSupport.Response members =
            via.send("GET", "/v1/orgs/" + org + "/teams/two/members", null);
        assertEquals("[\"user:ann\"]", members.body().path("members").toString(), members.raw());
      }
      onFirst |= hostedOrganizations(first).contains(org);
      onSecond |= hostedOrganizations(second).contains(org);
    }
    assertTrue(onFirst && onSecond, "organizations on both nodes");
  }

  @Test
  void everyNodeAnswersForEveryOrganization() {
    HttpClientSupport viaFirst = new HttpClientSupport(first.baseUrl());
    HttpClientSupport viaSecond = new HttpClientSupport(second.baseUrl());
    List<String> organizations =
        List.of("north", "south", "east", "west", "up", "down", "left", "right");
    for (String org : organizations) {
      HttpClientSupport writer = org.length() % 2 == 0 ? viaFirst : viaSecond;
      assertEquals(
          201, writer.send("PUT", "/v1/orgs/" + org, "{\"name\": \"" + org + "\"}").status());
      assertEquals(
          201,
          writer
              .post(
                  "/v1/orgs/" + org + "/models",
                  "{\"dsl\": \"model\\n  schema 1.1\\ntype user\\ntype doc\\n  relations\\n    define viewer: [user]\\n\"}")
              .status());
      HttpClientSupport.Response write =
          writer.post(
              "/v1/orgs/" + org + "/write",
              "{\"writes\": {\"tuple_keys\": [{\"object\": \"doc:1\", \"relation\": \"viewer\", \"user\": \"user:anne\"}]}}");
      assertEquals(200, write.status(), write.raw());
    }
    // with 8 organizations over 100 shards, both nodes host some: reads cross nodes both ways
    assertTrue(
        !hostedOrganizations(first).isEmpty() && !hostedOrganizations(second).isEmpty(),
        "organizations on the first node: "
            + hostedOrganizations(first)
            + ", on the second: "
            + hostedOrganizations(second));
    for (String org : organizations) {
      for (HttpClientSupport reader : List.of(viaFirst, viaSecond)) {
        HttpClientSupport.Response check =
            reader.post(
                "/v1/orgs/" + org + "/check",
                "{\"tuple_key\": {\"object\": \"doc:1\", \"relation\": \"viewer\", \"user\": \"user:anne\"}}");
        assertEquals(200, check.status(), check.raw());
        assertTrue(check.body().path("allowed").asBoolean(), org + ": " + check.raw());
      }
    }
  }

  /** An organization on one node, read through the other. */
  private static final class LargeOrganization {
    static final String ID = "large";
    static final String SHARED = "doc:shared";
    final List<String> users =
        IntStream.range(0, 50).mapToObj(i -> "user:" + UUID.randomUUID()).toList();
    final List<String> longUsers =
        IntStream.range(0, 1200)
            .mapToObj(i -> "user:" + UUID.randomUUID() + "-" + "x".repeat(400))
            .toList();
    String lastDocument;
    String modelId;
    String token;
    HttpClientSupport host;
    HttpClientSupport elsewhere;
  }

  private static LargeOrganization large;

  /**
   * 12,000 tuples with random ids (even compressed, the state is larger than Pekko's 256 KiB remote
   * frame, so only requests and answers can cross between the nodes), and one document with 1,200
   * viewers with 450-character ids (answers about it exceed that frame too).
   */
  private static LargeOrganization large() {
    if (large != null) {
      return large;
    }
    LargeOrganization org = new LargeOrganization();
    HttpClientSupport viaFirst = new HttpClientSupport(first.baseUrl());
    assertEquals(
        201,
        viaFirst.send("PUT", "/v1/orgs/" + LargeOrganization.ID, "{\"name\": \"large\"}").status());
    HttpClientSupport.Response model =
        viaFirst.post(
            "/v1/orgs/" + LargeOrganization.ID + "/models",
            "{\"dsl\": \"model\\n  schema 1.1\\ntype user\\ntype doc\\n  relations\\n    define viewer: [user]\\n\"}");
    assertEquals(201, model.status(), model.raw());
    org.modelId =
        model.body().path("authorization_model_id").asText(model.body().path("id").asText());
    for (int batch = 0; batch < 132; batch++) {
      ArrayNode keys = JSON.createArrayNode();
      for (int i = 0; i < 100; i++) {
        if (batch < 120) {
          org.lastDocument = "doc:" + UUID.randomUUID();
          keys.add(tuple(org.lastDocument, org.users.get(i % 50)));
        } else {
          keys.add(tuple(LargeOrganization.SHARED, org.longUsers.get((batch - 120) * 100 + i)));
        }
      }
      ObjectNode body = JSON.createObjectNode();
      body.putObject("writes").set("tuple_keys", keys);
      HttpClientSupport.Response write =
          viaFirst.post("/v1/orgs/" + LargeOrganization.ID + "/write", body.toString());
      assertEquals(200, write.status(), write.raw());
      org.token = write.body().path("revision").asText();
    }
    TestNode host = hostedOrganizations(first).contains(LargeOrganization.ID) ? first : second;
    assertTrue(
        hostedOrganizations(host).contains(LargeOrganization.ID),
        "the organization runs on neither node");
    org.host = new HttpClientSupport(host.baseUrl());
    org.elsewhere = new HttpClientSupport((host == first ? second : first).baseUrl());
    large = org;
    return org;
  }

  private static ObjectNode tuple(String object, String user) {
    return JSON.createObjectNode()
        .put("object", object)
        .put("relation", "viewer")
        .put("user", user);
  }

  private static HttpClientSupport.Response readElsewhere(String operation, ObjectNode body) {
    HttpClientSupport.Response response =
        large()
            .elsewhere
            .post("/v1/orgs/" + LargeOrganization.ID + "/" + operation, body.toString());
    assertEquals(200, response.status(), response.raw());
    return response;
  }

  @Test
  void aCheckOfAnOrganizationHostedElsewhereIsAnsweredWhereItLivesAtTheRevisionAskedFor() {
    LargeOrganization org = large();
    ObjectNode body =
        JSON.createObjectNode().put("consistency", "AT_LEAST_AS_FRESH").put("revision", org.token);
    body.set("tuple_key", tuple(org.lastDocument, org.users.get(49)));
    HttpClientSupport.Response check = readElsewhere("check", body);
    assertTrue(check.body().path("allowed").asBoolean(), check.raw());
    assertEquals(org.token, check.body().path("revision").asText());
  }

  @Test
  void theForwardingNodeCountsItsForwardedReadsInItsMetrics() {
    LargeOrganization org = large();
    ObjectNode body = JSON.createObjectNode();
    body.set("tuple_key", tuple(org.lastDocument, org.users.get(49)));
    double before = forwardedAnswered(org.elsewhere);
    readElsewhere("check", body);
    assertEquals(before + 1, forwardedAnswered(org.elsewhere));
  }

  @Test
  void aNodeThatForwardsManyReadsOfAnOrganizationAnswersThemFromItsFollower()
      throws InterruptedException {
    String id = "followed";
    HttpClientSupport viaFirst = new HttpClientSupport(first.baseUrl());
    assertEquals(201, viaFirst.send("PUT", "/v1/orgs/" + id, "{\"name\": \"f\"}").status());
    assertEquals(
        201,
        viaFirst
            .post(
                "/v1/orgs/" + id + "/models",
                "{\"dsl\": \"model\\n  schema 1.1\\ntype user\\ntype doc\\n  relations\\n    define viewer: [user]\\n\"}")
            .status());
    assertEquals(200, write(viaFirst, id, "doc:1").status());
    TestNode hostNode = hostedOrganizations(first).contains(id) ? first : second;
    HttpClientSupport host = new HttpClientSupport(hostNode.baseUrl());
    HttpClientSupport elsewhere =
        new HttpClientSupport((hostNode == first ? second : first).baseUrl());

    // reads through the other node until its reads stop being forwarded (a follower answers them)
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    boolean followed = false;
    while (!followed && System.nanoTime() < until) {
      for (int i = 0; i < 250; i++) {
        assertTrue(allowed(elsewhere, id, "doc:1", null));
      }
      double before = forwardedAnswered(elsewhere);
      for (int i = 0; i < 20; i++) {
        assertTrue(allowed(elsewhere, id, "doc:1", null));
      }
      followed = forwardedAnswered(elsewhere) == before;
    }
    assertTrue(followed, "the other node kept forwarding every read");
    assertEquals(1.0, metric(elsewhere, "castellan_organizations_followed "), 0.0);

    // a change acknowledged through the follower's node is read back through it at once
    assertEquals(200, write(elsewhere, id, "doc:2").status());
    assertTrue(allowed(elsewhere, id, "doc:2", null));
    // a change made through the host: read with its token at once, and without it soon
    String token = write(host, id, "doc:3").body().path("revision").asText();
    assertTrue(allowed(elsewhere, id, "doc:3", token));
    long seen = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!allowed(elsewhere, id, "doc:3", null) && System.nanoTime() < seen) {
      Thread.sleep(10);
    }
    assertTrue(allowed(elsewhere, id, "doc:3", null));
    // a key made through the host works through the follower's node at once (a follower's refusal
    // is the host's to give), and once revoked stops working there within the feed's delay
    HttpClientSupport.Response created =
        host.post("/v1/orgs/" + id + "/keys", "{\"scopes\": [\"read\"], \"name\": \"f\"}");
    assertEquals(201, created.status(), created.raw());
    String key = created.body().path("key").asText();
    assertEquals(200, checkWithKey(elsewhere, id, key).status());
    String keyId = key.split("\\.")[2];
    assertEquals(200, host.send("DELETE", "/v1/orgs/" + id + "/keys/" + keyId, null).status());
    long revoked = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (checkWithKey(elsewhere, id, key).status() == 200 && System.nanoTime() < revoked) {
      Thread.sleep(10);
    }
    assertEquals(401, checkWithKey(elsewhere, id, key).status());
    // full consistency always asks the host
    double before = forwardedAnswered(elsewhere);
    ObjectNode fully = JSON.createObjectNode().put("consistency", "HIGHER_CONSISTENCY");
    fully.set("tuple_key", tuple("doc:3", "user:anne"));
    HttpClientSupport.Response check =
        elsewhere.post("/v1/orgs/" + id + "/check", fully.toString());
    assertTrue(check.body().path("allowed").asBoolean(), check.raw());
    assertEquals(before + 1, forwardedAnswered(elsewhere));
  }

  private static HttpClientSupport.Response checkWithKey(
      HttpClientSupport node, String organizationId, String key) {
    ObjectNode body = JSON.createObjectNode();
    body.set("tuple_key", tuple("doc:1", "user:anne"));
    return node.post(
        "/v1/orgs/" + organizationId + "/check", body.toString(), "Authorization", "Bearer " + key);
  }

  private static HttpClientSupport.Response write(
      HttpClientSupport node, String organizationId, String document) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("writes").putArray("tuple_keys").add(tuple(document, "user:anne"));
    return node.post("/v1/orgs/" + organizationId + "/write", body.toString());
  }

  private static boolean allowed(
      HttpClientSupport node, String organizationId, String document, String token) {
    ObjectNode body = JSON.createObjectNode();
    if (token != null) {
      body.put("consistency", "AT_LEAST_AS_FRESH").put("revision", token);
    }
    body.set("tuple_key", tuple(document, "user:anne"));
    HttpClientSupport.Response check =
        node.post("/v1/orgs/" + organizationId + "/check", body.toString());
    assertEquals(200, check.status(), check.raw());
    return check.body().path("allowed").asBoolean();
  }

  /** A metric's value (the sum of its series), from a node's Prometheus text. */
  private static double metric(HttpClientSupport node, String prefix) {
    return node.send("GET", "/metrics", null)
        .raw()
        .lines()
        .filter(line -> line.startsWith(prefix))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** The forwarding node's count of forwarded reads answered, from its Prometheus text. */
  private static double forwardedAnswered(HttpClientSupport node) {
    return metric(node, "castellan_reads_forwarded_seconds_count{outcome=\"answered\"");
  }

  @Test
  void everyReadOperationIsForwardedToTheHostingNode() {
    LargeOrganization org = large();
    ObjectNode listObjects =
        JSON.createObjectNode()
            .put("type", "doc")
            .put("relation", "viewer")
            .put("user", org.users.get(7));
    assertEquals(240, readElsewhere("list-objects", listObjects).body().path("objects").size());

    ObjectNode read = JSON.createObjectNode();
    read.putObject("tuple_key").put("object", org.lastDocument);
    assertEquals(1, readElsewhere("read", read).body().path("tuples").size());

    ObjectNode batch = JSON.createObjectNode();
    ObjectNode item = batch.putArray("checks").addObject().put("correlation_id", "1");
    item.set("tuple_key", tuple(org.lastDocument, org.users.get(0)));
    assertEquals(
        false,
        readElsewhere("batch-check", batch)
            .body()
            .path("result")
            .path("1")
            .path("allowed")
            .asBoolean(true));

    HttpClientSupport.Response models =
        org.elsewhere.send("GET", "/v1/orgs/" + LargeOrganization.ID + "/models", null);
    assertEquals(200, models.status(), models.raw());
    HttpClientSupport.Response openFgaModel =
        org.elsewhere.send(
            "GET",
            "/stores/" + LargeOrganization.ID + "/authorization-models/" + org.modelId,
            null);
    assertEquals(200, openFgaModel.status(), openFgaModel.raw());
    assertEquals(org.modelId, openFgaModel.body().path("authorization_model").path("id").asText());
  }

  @Test
  void answersLargerThanAnOrdinaryRemoteMessageAreForwarded() {
    ObjectNode expand = JSON.createObjectNode();
    expand.putObject("tuple_key").put("object", LargeOrganization.SHARED).put("relation", "viewer");
    HttpClientSupport.Response tree = readElsewhere("expand", expand);
    assertTrue(
        tree.raw().length() > 300_000, "expand answer of " + tree.raw().length() + " characters");
    assertEquals(
        1200,
        tree.body().path("tree").path("root").path("leaf").path("users").path("users").size());

    ObjectNode listUsers = JSON.createObjectNode().put("relation", "viewer");
    listUsers.putObject("object").put("type", "doc").put("id", "shared");
    listUsers.putArray("user_filters").addObject().put("type", "user");
    assertEquals(1000, readElsewhere("list-users", listUsers).body().path("users").size());
  }

  @Test
  void requestsLargerThanAnOrdinaryRemoteMessageAreForwarded() {
    LargeOrganization org = large();
    ObjectNode batch = JSON.createObjectNode();
    ArrayNode checks = batch.putArray("checks");
    for (int i = 0; i < 50; i++) {
      ObjectNode check = checks.addObject().put("correlation_id", Integer.toString(i));
      check.set("tuple_key", tuple("doc:contextual-" + i, org.users.get(0)));
      ArrayNode contextual = check.putObject("contextual_tuples").putArray("tuple_keys");
      for (int j = 0; j < 14; j++) {
        contextual.add(tuple("doc:contextual-" + i, org.longUsers.get(j)));
      }
    }
    assertTrue(
        batch.toString().length() > 300_000,
        "batch of " + batch.toString().length() + " characters");
    HttpClientSupport.Response answer = readElsewhere("batch-check", batch);
    assertEquals(50, answer.body().path("result").size(), answer.raw());
  }

  @Test
  void anOrganizationsDescriptionNamesTheNodeItRunsOn() {
    large();
    TestNode host = hostedOrganizations(first).contains(LargeOrganization.ID) ? first : second;
    for (TestNode node : List.of(first, second)) {
      HttpClientSupport.Response description =
          new HttpClientSupport(node.baseUrl())
              .send("GET", "/v1/orgs/" + LargeOrganization.ID, null);
      assertEquals(200, description.status(), description.raw());
      assertEquals(
          host.system().address().toString(),
          description.body().path("host").asText(),
          description.raw());
    }
  }

  @Test
  void errorsOfTheHostingNodeArriveUnchanged() {
    LargeOrganization org = large();
    ObjectNode unknownRelation = JSON.createObjectNode();
    unknownRelation
        .putObject("tuple_key")
        .put("object", "doc:x")
        .put("relation", "owner")
        .put("user", "user:anne");
    ObjectNode unknownModel =
        JSON.createObjectNode().put("authorization_model_id", "01J00000000000000000000000");
    unknownModel.set("tuple_key", tuple("doc:x", "user:anne"));
    for (ObjectNode body : List.of(unknownRelation, unknownModel)) {
      HttpClientSupport.Response there =
          org.host.post("/v1/orgs/" + LargeOrganization.ID + "/check", body.toString());
      HttpClientSupport.Response relayed =
          org.elsewhere.post("/v1/orgs/" + LargeOrganization.ID + "/check", body.toString());
      assertEquals(400, relayed.status(), relayed.raw());
      assertEquals(there.status(), relayed.status());
      assertEquals(there.body(), relayed.body());
    }
  }
}
