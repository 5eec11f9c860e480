package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit trail and diffs, read from the journal on the real Cassandra: who changed what, when
 * and why, filtered, paged with a cursor or streamed as NDJSON; and the net tuple changes between
 * two revisions.
 */
class HistoryIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL =
      """
      {"dsl": "model\\n  schema 1.1\\ntype user\\ntype document\\n  relations\\n    define viewer: [user]\\n    define editor: [user]\\n"}""";

  private static TestNode node;
  private static HttpClientSupport http;
  private static String writerKey;
  private static String writerKeyId;

  @BeforeAll
  static void start() {
    node = TestNode.start(TestNode.newKeyspace("history_it"));
    http = new HttpClientSupport(node.baseUrl());
    // r1; without the built-in model, so that the revisions below are the test's own
    assertEquals(201, http.send("PUT", "/v1/orgs/acme", "{\"model\": \"none\"}").status());
    assertEquals(201, http.post("/v1/orgs/acme/models", MODEL).status()); // r2
    writerKey =
        http.post("/v1/orgs/acme/keys", "{\"scopes\": [\"write\"]}")
            .body()
            .path("key")
            .asText(); // r3
    writerKeyId = writerKey.split("\\.")[2];
    write("document:1", "viewer", "user:alice", null, "onboarding"); // r4, by the operator
    write("document:7", "viewer", "user:alice", writerKey, "ticket 42"); // r5, by the key
    write("document:2", "editor", "user:bob", writerKey, null); // r6
    delete("document:1", "viewer", "user:alice"); // r7: r4 undone
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static void write(
      String object, String relation, String user, String key, String reason) {
    List<String> headers = new ArrayList<>();
    if (key != null) {
      headers.addAll(List.of("Authorization", "Bearer " + key));
    }
    if (reason != null) {
      headers.addAll(List.of("X-Castellan-Reason", reason));
    }
    HttpClientSupport.Response response =
        http.post(
            "/v1/orgs/acme/write",
            "{\"writes\": {\"tuple_keys\": [{\"object\": \"%s\", \"relation\": \"%s\", \"user\": \"%s\"}]}}"
                .formatted(object, relation, user),
            headers.toArray(String[]::new));
    assertEquals(200, response.status(), response.raw());
  }

  private static void delete(String object, String relation, String user) {
    assertEquals(
        200,
        http.post(
                "/v1/orgs/acme/write",
                "{\"deletes\": {\"tuple_keys\": [{\"object\": \"%s\", \"relation\": \"%s\", \"user\": \"%s\"}]}}"
                    .formatted(object, relation, user))
            .status());
  }

  private static JsonNode audit(String query) {
    HttpClientSupport.Response response = http.send("GET", "/v1/orgs/acme/audit" + query, null);
    assertEquals(200, response.status(), response.raw());
    return response.body();
  }

  private static List<String> revisions(JsonNode page) {
    List<String> revisions = new ArrayList<>();
    page.path("entries").forEach(entry -> revisions.add(entry.path("revision").asText()));
    return revisions;
  }

  @Test
  void whoGaveAliceAccessToDocument7WhenAndWhy() {
    JsonNode page = audit("?object=document:7&user=user:alice");
    assertEquals(1, page.path("entries").size(), page.toString());
    JsonNode entry = page.path("entries").get(0);
    assertEquals("key:" + writerKeyId, entry.path("actor").asText());
    assertEquals("ticket 42", entry.path("reason").asText());
    assertEquals("r5", entry.path("revision").asText());
    assertTrue(entry.path("time").asText().endsWith("Z"));
    assertEquals("document:7", entry.path("writes").get(0).path("object").asText());
  }

  @Test
  void everyChangeIsInTheTrailInOrderWithItsKind() {
    JsonNode page = audit("");
    assertEquals(List.of("r1", "r2", "r3", "r4", "r5", "r6", "r7"), revisions(page));
    List<String> kinds = new ArrayList<>();
    page.path("entries").forEach(entry -> kinds.add(entry.path("kind").asText()));
    assertEquals(
        List.of("organization", "model", "keys", "tuples", "tuples", "tuples", "tuples"), kinds);
    assertEquals(writerKeyId, page.path("entries").get(2).path("key_id").asText());
  }

  @Test
  void filtersByActorKindTypeAndRevisionRange() {
    assertEquals(List.of("r5", "r6"), revisions(audit("?actor=key:" + writerKeyId)));
    assertEquals(List.of("r2"), revisions(audit("?kind=model")));
    assertEquals(List.of("r6"), revisions(audit("?object=document:&relation=editor")));
    assertEquals(List.of("r4", "r5"), revisions(audit("?kind=tuples&from=r3&to=r5")));
  }

  @Test
  void pagesContinueWithTheirCursorAndACursorOfAnotherQueryIsRefused() {
    JsonNode first = audit("?page_size=3");
    assertEquals(List.of("r1", "r2", "r3"), revisions(first));
    String token = first.path("continuation_token").asText();
    JsonNode second = audit("?page_size=3&continuation_token=" + token);
    assertEquals(List.of("r4", "r5", "r6"), revisions(second));
    HttpClientSupport.Response other =
        http.send("GET", "/v1/orgs/acme/audit?kind=tuples&continuation_token=" + token, null);
    assertEquals(400, other.status(), other.raw());
  }

  @Test
  void theTrailStreamsAsNdjson() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(node.baseUrl() + "/v1/orgs/acme/audit?kind=tuples"))
                    .header("Accept", "application/x-ndjson")
                    .header("Authorization", "Bearer " + TestNode.OPERATOR_KEY)
                    .timeout(Duration.ofSeconds(15))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(
        response
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/x-ndjson"));
    List<String> revisions = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      revisions.add(JSON.readTree(line).path("revision").asText());
    }
    assertEquals(List.of("r4", "r5", "r6", "r7"), revisions);
  }

  @Test
  void aDiffShowsTheNetChangesAndNotATupleWrittenThenDeleted() {
    HttpClientSupport.Response response =
        http.send("GET", "/v1/orgs/acme/diff?from=r3&to=r7", null);
    assertEquals(200, response.status(), response.raw());
    List<String> written = new ArrayList<>();
    response.body().path("written").forEach(tuple -> written.add(tuple.path("object").asText()));
    assertEquals(List.of("document:7", "document:2"), written);
    assertEquals(0, response.body().path("deleted").size());
    HttpClientSupport.Response back = http.send("GET", "/v1/orgs/acme/diff?from=r4&to=r7", null);
    assertEquals("document:1", back.body().path("deleted").get(0).path("object").asText());
  }

  @Test
  void aDiffToAFutureRevisionIsRefused() {
    HttpClientSupport.Response response =
        http.send("GET", "/v1/orgs/acme/diff?from=r1&to=r99", null);
    assertEquals(400, response.status(), response.raw());
  }

  @Test
  void theHistoryNeedsTheAuditScope() {
    String writer = writerKey;
    HttpClientSupport.Response response =
        http.send("GET", "/v1/orgs/acme/audit", null, "Authorization", "Bearer " + writer);
    assertEquals(403, response.status(), response.raw());
  }

  private static JsonNode explain(String object, String user, String extra) {
    HttpClientSupport.Response response =
        http.post(
            "/v1/orgs/acme/check",
            "{\"tuple_key\": {\"object\": \"%s\", \"relation\": \"viewer\", \"user\": \"%s\"}, \"explain\": true%s}"
                .formatted(object, user, extra));
    assertEquals(200, response.status(), response.raw());
    return response.body();
  }

  /** The steps that found a tuple, depth first. */
  private static List<JsonNode> tupleSteps(JsonNode step) {
    List<JsonNode> found = new ArrayList<>();
    if (step.has("tuple")) {
      found.add(step);
    }
    step.path("steps").forEach(child -> found.addAll(tupleSteps(child)));
    return found;
  }

  @Test
  void anExplainedCheckShowsWhoWroteEachTupleThatGrantedIt() {
    JsonNode answer = explain("document:7", "user:alice", "");
    assertTrue(answer.path("allowed").asBoolean());
    JsonNode root = answer.path("explanation").path("root");
    assertEquals("check", root.path("kind").asText());
    List<JsonNode> tuples = tupleSteps(root);
    assertEquals(1, tuples.size(), root.toString());
    JsonNode written = tuples.get(0).path("written");
    assertEquals("r5", written.path("revision").asText());
    assertEquals("key:" + writerKeyId, written.path("actor").asText());
    assertEquals("ticket 42", written.path("reason").asText());
  }

  @Test
  void whyAliceCouldReadDocument1ThenAndWhoGrantedIt() {
    assertFalse(explain("document:1", "user:alice", "").path("allowed").asBoolean());
    JsonNode then = explain("document:1", "user:alice", ", \"at_revision\": \"r4\"");
    assertTrue(then.path("allowed").asBoolean(), then.toString());
    assertEquals("r4", then.path("revision").asText());
    JsonNode written = tupleSteps(then.path("explanation").path("root")).get(0).path("written");
    assertEquals("operator", written.path("actor").asText());
    assertEquals("onboarding", written.path("reason").asText());
  }

  @Test
  void aDeniedExplainedCheckShowsWhatItTriedAndContextualTuplesHaveNoHistory() {
    JsonNode denied = explain("document:2", "user:bob", "");
    assertFalse(denied.path("allowed").asBoolean());
    assertEquals("false", denied.path("explanation").path("root").path("result").asText());
    JsonNode contextual =
        explain(
            "document:9",
            "user:carol",
            ", \"contextual_tuples\": {\"tuple_keys\": [{\"object\": \"document:9\","
                + " \"relation\": \"viewer\", \"user\": \"user:carol\"}]}");
    assertTrue(contextual.path("allowed").asBoolean());
    JsonNode step = tupleSteps(contextual.path("explanation").path("root")).get(0);
    assertTrue(step.path("contextual").asBoolean(), step.toString());
    assertFalse(step.has("written"));
  }
}
