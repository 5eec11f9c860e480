package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server end to end on a real Cassandra: what survives a restart, and how bad requests are
 * answered (each a 4xx with a JSON error body, and no event journaled: the revision, which counts
 * events, does not move).
 */
class ServerIntegrationTest {

  private static final String MODEL =
      """
      {"dsl": "model\\n  schema 1.1\\ntype user\\ntype document\\n  relations\\n    define viewer: [user]\\n"}""";

  private static String keyspace;
  private static TestNode node;
  private static HttpClientSupport http;

  @BeforeAll
  static void start() {
    keyspace = TestNode.newKeyspace("server_it");
    node = TestNode.start(keyspace);
    http = new HttpClientSupport(node.baseUrl());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static void createWithModel(String org) {
    assertEquals(201, http.send("PUT", "/v1/orgs/" + org, "{\"name\": \"" + org + "\"}").status());
    assertEquals(201, http.post("/v1/orgs/" + org + "/models", MODEL).status());
  }

  private static long revision(String org) {
    HttpClientSupport.Response response = http.send("GET", "/v1/orgs/" + org, null);
    assertEquals(200, response.status(), response.raw());
    return Long.parseLong(response.body().path("revision").asText().substring(1));
  }

  private static String tuple(String object, String relation, String user) {
    return "{\"object\": \"%s\", \"relation\": \"%s\", \"user\": \"%s\"}"
        .formatted(object, relation, user);
  }

  private static boolean check(String org, String user) {
    HttpClientSupport.Response response =
        http.post(
            "/v1/orgs/" + org + "/check",
            "{\"tuple_key\": "
                + tuple("document:1", "viewer", user)
                + ", \"consistency\": \"FULLY_CONSISTENT\"}");
    assertEquals(200, response.status(), response.raw());
    return response.body().path("allowed").asBoolean();
  }

  @Test
  void stateSurvivesAServerRestart() {
    createWithModel("restart");
    HttpClientSupport.Response write =
        http.post(
            "/v1/orgs/restart/write",
            "{\"writes\": {\"tuple_keys\": [" + tuple("document:1", "viewer", "user:anne") + "]}}");
    assertEquals(200, write.status(), write.raw());
    long before = revision("restart");
    node.close();
    node = TestNode.start(keyspace);
    http = new HttpClientSupport(node.baseUrl());
    assertEquals(before, revision("restart"));
    assertTrue(check("restart", "user:anne"));
  }

  @Test
  void aWriteReturnsARevisionThatAReadCanDemand() {
    createWithModel("fresh");
    HttpClientSupport.Response write =
        http.post(
            "/v1/orgs/fresh/write",
            "{\"writes\": {\"tuple_keys\": [" + tuple("document:1", "viewer", "user:bob") + "]}}");
    String token = write.body().path("revision").asText();
    HttpClientSupport.Response check =
        http.post(
            "/v1/orgs/fresh/check",
            "{\"tuple_key\": "
                + tuple("document:1", "viewer", "user:bob")
                + ", \"revision\": \""
                + token
                + "\"}");
    assertEquals(200, check.status(), check.raw());
    assertTrue(check.body().path("allowed").asBoolean());
    assertTrue(
        Long.parseLong(check.body().path("revision").asText().substring(1))
            >= Long.parseLong(token.substring(1)));
  }

  @Test
  void storesAreListedAndDeletedOnesAreNot() {
    createWithModel("listed");
    createWithModel("gone");
    assertEquals(200, http.send("DELETE", "/v1/orgs/gone", null).status());
    HttpClientSupport.Response response = http.send("GET", "/stores?page_size=100", null);
    assertEquals(200, response.status(), response.raw());
    List<String> ids = new ArrayList<>();
    response.body().path("stores").forEach(store -> ids.add(store.path("id").asText()));
    assertTrue(ids.contains("listed"), ids.toString());
    assertTrue(!ids.contains("gone"), ids.toString());
  }

  @Test
  void changesListWritesAndDeletesInJournalOrder() {
    createWithModel("changes");
    http.post(
        "/v1/orgs/changes/write",
        "{\"writes\": {\"tuple_keys\": [" + tuple("document:1", "viewer", "user:anne") + "]}}");
    http.post(
        "/v1/orgs/changes/write",
        "{\"deletes\": {\"tuple_keys\": [" + tuple("document:1", "viewer", "user:anne") + "]}}");
    HttpClientSupport.Response response =
        http.send("GET", "/v1/orgs/changes/changes?type=document", null);
    assertEquals(200, response.status(), response.raw());
    assertEquals(2, response.body().path("changes").size());
    assertEquals(
        "TUPLE_OPERATION_WRITE", response.body().path("changes").get(0).path("operation").asText());
    assertEquals(
        "TUPLE_OPERATION_DELETE",
        response.body().path("changes").get(1).path("operation").asText());
    String token = response.body().path("continuation_token").asText();
    HttpClientSupport.Response next =
        http.send(
            "GET", "/v1/orgs/changes/changes?type=document&continuation_token=" + token, null);
    assertEquals(0, next.body().path("changes").size());
  }

  @Test
  void aContinuationTokenIsRefusedWith400ByAnotherQueryOrOrganization() {
    createWithModel("token-a");
    createWithModel("token-b");
    for (int i = 0; i < 3; i++) {
      assertEquals(
          200,
          http.post(
                  "/v1/orgs/token-a/write",
                  "{\"writes\": {\"tuple_keys\": ["
                      + tuple("document:" + i, "viewer", "user:anne")
                      + "]}}")
              .status());
    }
    HttpClientSupport.Response page = http.post("/v1/orgs/token-a/read", "{\"page_size\": 1}");
    String readToken = page.body().path("continuation_token").asText();
    assertEquals(
        200,
        http.post(
                "/v1/orgs/token-a/read",
                "{\"page_size\": 1, \"continuation_token\": \"" + readToken + "\"}")
            .status(),
        "the same read continues");
    assertInvalidToken(
        http.post(
            "/v1/orgs/token-b/read",
            "{\"page_size\": 1, \"continuation_token\": \"" + readToken + "\"}"));
    assertInvalidToken(
        http.post(
            "/v1/orgs/token-a/read",
            "{\"page_size\": 1, \"tuple_key\": {\"object\": "
                + "\"document:\"}, \"continuation_token\": \""
                + readToken
                + "\"}"));
    String changesToken =
        http.send("GET", "/v1/orgs/token-a/changes?type=document", null)
            .body()
            .path("continuation_token")
            .asText();
    assertInvalidToken(
        http.send(
            "GET",
            "/v1/orgs/token-a/changes?type=folder&continuation_token=" + changesToken,
            null));
    assertInvalidToken(
        http.send(
            "GET",
            "/v1/orgs/token-b/changes?type=document&continuation_token=" + changesToken,
            null));
    assertInvalidToken(
        http.post(
            "/v1/orgs/token-a/read",
            "{\"page_size\": 1, \"continuation_token\": \"" + changesToken + "\"}"));
    assertInvalidToken(http.send("GET", "/stores?continuation_token=" + readToken, null));
  }

  private static void assertInvalidToken(HttpClientSupport.Response response) {
    assertEquals(400, response.status(), response.raw());
    assertEquals(
        "invalid_continuation_token", response.body().path("code").asText(), response.raw());
  }

  @Test
  void malformedJsonIsRefusedWith400AndPersistsNothing() {
    assertWriteRefusedAndNothingPersisted(
        "malformed", http::post, "{\"writes\": [", 400, "validation_error");
  }

  /**
   * Posts {@code body} as a write to a new organization: refused with {@code status} and {@code
   * code}, no event journaled.
   */
  private static void assertWriteRefusedAndNothingPersisted(
      String org,
      BiFunction<String, String, HttpClientSupport.Response> post,
      String body,
      int status,
      String code) {
    createWithModel(org);
    long before = revision(org);
    HttpClientSupport.Response response = post.apply("/v1/orgs/" + org + "/write", body);
    assertEquals(status, response.status(), response.raw());
    assertEquals(code, response.body().path("code").asText());
    assertEquals(before, revision(org));
  }

  @Test
  void aWriteRetriedWithItsIdempotencyKeyIsAnsweredWithTheFirstRevisionAndAppliedOnce() {
    createWithModel("keyed");
    String body =
        "{\"writes\": {\"tuple_keys\": [" + tuple("document:1", "viewer", "user:anne") + "]}}";
    HttpClientSupport.Response first =
        http.post("/v1/orgs/keyed/write", body, "Idempotency-Key", "k-1");
    assertEquals(200, first.status(), first.raw());
    long applied = revision("keyed");
    // spaced differently, the same request
    HttpClientSupport.Response retry =
        http.post("/v1/orgs/keyed/write", body.replace(" ", ""), "Idempotency-Key", "k-1");
    assertEquals(200, retry.status(), retry.raw());
    assertEquals(first.body().path("revision").asText(), retry.body().path("revision").asText());
    assertEquals(applied, revision("keyed"));
  }

  @Test
  void aRequestIdTheClientChoseIsTheWritesIdempotencyKey() {
    createWithModel("request-id-key");
    String body =
        "{\"writes\": {\"tuple_keys\": [" + tuple("document:1", "viewer", "user:anne") + "]}}";
    HttpClientSupport.Response first =
        http.post("/v1/orgs/request-id-key/write", body, "X-Request-Id", "req-7");
    HttpClientSupport.Response retry =
        http.post("/v1/orgs/request-id-key/write", body, "X-Request-Id", "req-7");
    assertEquals(200, retry.status(), retry.raw());
    assertEquals(first.body().path("revision").asText(), retry.body().path("revision").asText());
  }

  @Test
  void everyAnswerSendsBackTheRequestIdTheClientChose() {
    createWithModel("request-id-echo");
    HttpClientSupport.Response check =
        http.post(
            "/v1/orgs/request-id-echo/check",
            "{\"tuple_key\": " + tuple("document:1", "viewer", "user:anne") + "}",
            "X-Request-Id",
            "trace-41");
    assertEquals(200, check.status(), check.raw());
    assertEquals("trace-41", check.header("X-Request-Id"));
    HttpClientSupport.Response refused =
        http.post("/v1/orgs/request-id-echo/check", "{", "X-Request-Id", "trace-42");
    assertEquals(400, refused.status(), refused.raw());
    assertEquals("trace-42", refused.header("X-Request-Id"));
  }

  @Test
  void aRequestWithoutAnIdGetsOneMadeUpWhichTheAuditRecordsForItsChange() {
    createWithModel("request-id-made-up");
    HttpClientSupport.Response write =
        http.post(
            "/v1/orgs/request-id-made-up/write",
            "{\"writes\": {\"tuple_keys\": [" + tuple("document:1", "viewer", "user:anne") + "]}}");
    assertEquals(200, write.status(), write.raw());
    String id = write.header("X-Request-Id");
    assertTrue(id != null && id.matches("[0-9a-f]{32}"), "made-up id: " + id);
    JsonNode entries =
        http.send("GET", "/v1/orgs/request-id-made-up/audit?object=document:1", null)
            .body()
            .path("entries");
    assertEquals(1, entries.size(), entries.toString());
    assertEquals(id, entries.get(0).path("request_id").asText());
  }

  @Test
  void aMadeUpRequestIdIsNoIdempotencyKey() {
    createWithModel("request-id-no-key");
    String write =
        "{\"writes\": {\"tuple_keys\": [" + tuple("document:1", "viewer", "user:anne") + "]}}";
    assertEquals(200, http.post("/v1/orgs/request-id-no-key/write", write).status());
    // the same write again, without a key of its own: evaluated again (the tuple exists), not
    // answered as a repeat
    HttpClientSupport.Response again = http.post("/v1/orgs/request-id-no-key/write", write);
    assertEquals(400, again.status(), again.raw());
  }

  @Test
  void anIdempotencyKeyReusedForAnotherWriteIsRefusedWith422AndPersistsNothing() {
    createWithModel("reused-key");
    assertEquals(
        200,
        http.post(
                "/v1/orgs/reused-key/write",
                "{\"writes\": {\"tuple_keys\": ["
                    + tuple("document:1", "viewer", "user:anne")
                    + "]}}",
                "Idempotency-Key",
                "k-1")
            .status());
    long before = revision("reused-key");
    HttpClientSupport.Response reuse =
        http.post(
            "/v1/orgs/reused-key/write",
            "{\"writes\": {\"tuple_keys\": [" + tuple("document:2", "viewer", "user:anne") + "]}}",
            "Idempotency-Key",
            "k-1");
    assertEquals(422, reuse.status(), reuse.raw());
    assertEquals("idempotency_key_reused", reuse.body().path("code").asText());
    assertEquals(before, revision("reused-key"));
  }

  @Test
  void aMalformedTimeoutIsRefusedWith400AndPersistsNothing() {
    assertWriteRefusedAndNothingPersisted(
        "bad-timeout",
        (path, body) -> http.post(path, body, "X-Castellan-Timeout", "soon"),
        "{\"writes\": {\"tuple_keys\": [" + tuple("document:1", "viewer", "user:anne") + "]}}",
        400,
        "validation_error");
  }

  @Test
  void anOversizedIdempotencyKeyIsRefusedWith400AndPersistsNothing() {
    assertWriteRefusedAndNothingPersisted(
        "long-key",
        (path, body) -> http.post(path, body, "Idempotency-Key", "k".repeat(256)),
        "{\"writes\": {\"tuple_keys\": [" + tuple("document:1", "viewer", "user:anne") + "]}}",
        400,
        "validation_error");
  }

  @Test
  void everyAnswerOfAnOrganizationNamesItsRevisionInAHeader() {
    createWithModel("revision-header");
    HttpClientSupport.Response write =
        http.post(
            "/v1/orgs/revision-header/write",
            "{\"writes\": {\"tuple_keys\": [" + tuple("document:1", "viewer", "user:anne") + "]}}");
    assertEquals(write.body().path("revision").asText(), write.header("X-Castellan-Revision"));
    HttpClientSupport.Response check =
        http.post(
            "/v1/orgs/revision-header/check",
            "{\"tuple_key\": " + tuple("document:1", "viewer", "user:anne") + "}");
    assertEquals(check.body().path("revision").asText(), check.header("X-Castellan-Revision"));
    assertEquals("r" + revision("revision-header"), check.header("X-Castellan-Revision"));
  }

  @Test
  void anOrganizationCountsTheWritesEachJournalWriteCarried() {
    createWithModel("group-commit");
    for (int i = 0; i < 3; i++) {
      assertEquals(
          200,
          http.post(
                  "/v1/orgs/group-commit/write",
                  "{\"writes\": {\"tuple_keys\": ["
                      + tuple("document:" + i, "viewer", "user:anne")
                      + "]}}")
              .status());
    }
    var groupCommit = http.send("GET", "/v1/orgs/group-commit", null).body().path("group_commit");
    assertEquals(3, groupCommit.path("writes").asInt(), groupCommit.toString());
    assertEquals(
        3, groupCommit.path("journal_writes").asInt(), "one at a time, each alone: " + groupCommit);
    assertEquals(1, groupCommit.path("largest").asInt(), groupCommit.toString());
  }

  @Test
  void aBatchCheckAnswersAnInvalidItemWithItsErrorAndTheOthersWithTheirResults() {
    createWithModel("batch-errors");
    assertEquals(
        200,
        http.post(
                "/v1/orgs/batch-errors/write",
                "{\"writes\": {\"tuple_keys\": ["
                    + tuple("document:1", "viewer", "user:anne")
                    + "]}}")
            .status());
    HttpClientSupport.Response batch =
        http.post(
            "/v1/orgs/batch-errors/batch-check",
            "{\"checks\": ["
                + "{\"correlation_id\": \"ok\", \"tuple_key\": "
                + tuple("document:1", "viewer", "user:anne")
                + "},"
                + "{\"correlation_id\": \"bad\", \"tuple_key\": "
                + tuple("document:1", "owner", "user:anne")
                + "}]}");
    assertEquals(200, batch.status(), batch.raw());
    assertTrue(batch.body().path("result").path("ok").path("allowed").asBoolean(), batch.raw());
    assertEquals(
        "validation_error",
        batch.body().path("result").path("bad").path("error").path("input_error").asText(),
        batch.raw());
  }

  @Test
  void writesRefusedByTheOrganizationDoNotStopOtherWritesAsIfTheJournalFailed() {
    createWithModel("refusals");
    for (int i = 0; i < 5; i++) { // more than the journal breaker's failures in a row
      HttpClientSupport.Response refused =
          http.post(
              "/v1/orgs/refusals/write",
              "{\"writes\": {\"tuple_keys\": ["
                  + tuple("document:1", "owner", "user:anne")
                  + "]}}");
      assertEquals(400, refused.status(), refused.raw());
    }
    HttpClientSupport.Response write =
        http.post(
            "/v1/orgs/refusals/write",
            "{\"writes\": {\"tuple_keys\": [" + tuple("document:1", "viewer", "user:anne") + "]}}");
    assertEquals(200, write.status(), write.raw());
  }

  @Test
  void anUnknownOrganizationIsRefusedWith404() {
    HttpClientSupport.Response response =
        http.post(
            "/v1/orgs/nobody/check",
            "{\"tuple_key\": " + tuple("document:1", "viewer", "user:anne") + "}");
    assertEquals(404, response.status(), response.raw());
    assertEquals("store_id_not_found", response.body().path("code").asText());
  }

  @Test
  void aTupleTheModelForbidsIsRefusedWith400AndPersistsNothing() {
    assertWriteRefusedAndNothingPersisted(
        "forbidden",
        http::post,
        "{\"writes\": {\"tuple_keys\": [" + tuple("document:1", "owner", "user:anne") + "]}}",
        400,
        "validation_error");
  }

  @Test
  void aFailedPreconditionIsRefusedWith409AndPersistsNothing() {
    assertWriteRefusedAndNothingPersisted(
        "precondition",
        http::post,
        "{\"writes\": {\"tuple_keys\": ["
            + tuple("document:1", "viewer", "user:anne")
            + "]},"
            + " \"preconditions\": [{\"tuple_key\": "
            + tuple("document:1", "viewer", "user:bob")
            + ", \"exists\": true}]}",
        409,
        "precondition_failed");
  }

  @Test
  void anOversizedBodyIsRefusedWith413AndPersistsNothing() {
    assertOversizedWriteRefused("oversized", http::post);
  }

  private static void assertOversizedWriteRefused(
      String org, BiFunction<String, String, HttpClientSupport.Response> post) {
    String huge =
        "{\"writes\": {\"tuple_keys\": ["
            + tuple("document:1", "viewer", "user:" + "x".repeat(2_000_000))
            + "]}}";
    assertWriteRefusedAndNothingPersisted(org, post, huge, 413, "request_too_large");
  }

  /**
   * Over a raw socket: the JDK 17 client waits forever for a 100 that does not come (JDK-8286171),
   * curl does not (it sends Expect: 100-continue for bodies over 1 MiB).
   */
  @Test
  void anOversizedBodyAnnouncedWithExpectContinueIsRefusedWith413BeforeItIsSent()
      throws IOException {
    createWithModel("oversized-announced");
    long before = revision("oversized-announced");
    try (Socket socket = new Socket("127.0.0.1", URI.create(node.baseUrl()).getPort())) {
      socket.setSoTimeout(10_000);
      String head =
          "POST /v1/orgs/oversized-announced/write HTTP/1.1\r\n"
              + "Host: 127.0.0.1\r\n"
              + "Authorization: Bearer "
              + TestNode.OPERATOR_KEY
              + "\r\n"
              + "Content-Type: application/json\r\n"
              + "Content-Length: 2000000\r\n"
              + "Expect: 100-continue\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String statusLine =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      assertTrue(statusLine.startsWith("HTTP/1.1 413 "), statusLine + ": no body was sent");
    }
    assertEquals(before, revision("oversized-announced"));
  }

  @Test
  void aBodySentInChunksIsReadWhole() {
    createWithModel("chunked");
    HttpClientSupport.Response write =
        http.postChunked(
            "/v1/orgs/chunked/write",
            "{\"writes\": {\"tuple_keys\": [" + tuple("document:1", "viewer", "user:anne") + "]}}");
    assertEquals(200, write.status(), write.raw());
    HttpClientSupport.Response check =
        http.postChunked(
            "/v1/orgs/chunked/check",
            "{\"tuple_key\": "
                + tuple("document:1", "viewer", "user:anne")
                + ", \"consistency\": \"FULLY_CONSISTENT\"}");
    assertEquals(200, check.status(), check.raw());
    assertTrue(check.body().path("allowed").asBoolean(), check.raw());
  }

  @Test
  void anOversizedBodySentInChunksIsRefusedWith413AndPersistsNothing() {
    assertOversizedWriteRefused("oversized-chunks", http::postChunked);
  }

  @Test
  void tooManyTuplesInOneWriteAreRefusedWith400() {
    createWithModel("toomany");
    StringBuilder tuples = new StringBuilder();
    for (int i = 0; i < 101; i++) {
      tuples.append(i == 0 ? "" : ",").append(tuple("document:" + i, "viewer", "user:anne"));
    }
    HttpClientSupport.Response response =
        http.post("/v1/orgs/toomany/write", "{\"writes\": {\"tuple_keys\": [" + tuples + "]}}");
    assertEquals(400, response.status(), response.raw());
  }

  @Test
  void deletingAStoreAnswers204AndTheStoreIsGone() {
    HttpClientSupport.Response created = http.post("/stores", "{\"name\": \"doomed\"}");
    assertEquals(201, created.status(), created.raw());
    String id = created.body().path("id").asText();
    assertEquals(204, http.send("DELETE", "/stores/" + id, null).status());
    assertEquals(404, http.send("GET", "/stores/" + id, null).status());
  }

  @Test
  void aRevisionNewerThanTheOrganizationHasIsRefusedWith400() {
    createWithModel("future");
    HttpClientSupport.Response response =
        http.post(
            "/v1/orgs/future/check",
            "{\"tuple_key\": "
                + tuple("document:1", "viewer", "user:anne")
                + ", \"revision\": \"r999999\"}");
    assertEquals(400, response.status(), response.raw());
    assertEquals("invalid_revision", response.body().path("code").asText());
  }

  @Test
  void anOversizedConditionContextIsRefusedWith400() {
    // a condition the model declares, so that only the context's size can refuse the write
    assertEquals(201, http.send("PUT", "/v1/orgs/context", "{\"name\": \"context\"}").status());
    assertEquals(
        201,
        http.post(
                "/v1/orgs/context/models",
                """
        {"dsl": "model\\n  schema 1.1\\ntype user\\ntype document\\n  relations\\n    define viewer: [user with c]\\ncondition c(blob: string) {\\n  blob != \\"\\"\\n}\\n"}""")
            .status());
    String small = tupleWithContext("document:1", "x".repeat(1_000));
    assertEquals(
        200,
        http.post("/v1/orgs/context/write", "{\"writes\": {\"tuple_keys\": [" + small + "]}}")
            .status());
    long before = revision("context");
    String large = tupleWithContext("document:2", "x".repeat(20_000));
    HttpClientSupport.Response response =
        http.post("/v1/orgs/context/write", "{\"writes\": {\"tuple_keys\": [" + large + "]}}");
    assertEquals(400, response.status(), response.raw());
    assertTrue(response.body().path("message").asText().contains("16384 bytes"), response.raw());
    assertEquals(before, revision("context"));
  }

  private static String tupleWithContext(String object, String blob) {
    return "{\"object\": \""
        + object
        + "\", \"relation\": \"viewer\", \"user\": \"user:anne\","
        + " \"condition\": {\"name\": \"c\", \"context\": {\"blob\": \""
        + blob
        + "\"}}}";
  }

  @Test
  void aModelWithoutTypesIsRefusedWith400AndPersistsNothing() {
    assertModelRefused(
        "no-types",
        "{\"schema_version\": \"1.1\", \"type_definitions\": []}",
        "type_definitions_too_few_items");
  }

  @Test
  void aModelWithMoreTypesThanTheLimitIsRefusedWith400AndPersistsNothing() {
    StringBuilder types = new StringBuilder();
    for (int i = 0; i <= 100; i++) {
      types.append(i == 0 ? "" : ", ").append("{\"type\": \"t").append(i).append("\"}");
    }
    assertModelRefused(
        "many-types",
        "{\"schema_version\": \"1.1\", \"type_definitions\": [" + types + "]}",
        "exceeded_entity_limit");
  }

  @Test
  void aModelLargerThanTheLimitIsRefusedWith400AndPersistsNothing() {
    StringBuilder dsl = new StringBuilder("model\\n  schema 1.1\\ntype user\\n");
    for (int t = 0; t < 10; t++) {
      dsl.append("type resource_").append(t).append("\\n  relations\\n");
      for (int r = 0; r < 250; r++) {
        dsl.append("    define relation_with_a_long_name_").append(r).append(": [user]\\n");
      }
    }
    assertModelRefused("large-model", "{\"dsl\": \"" + dsl + "\"}", "exceeded_entity_limit");
  }

  private static void assertModelRefused(String org, String model, String code) {
    createWithModel(org);
    long before = revision(org);
    HttpClientSupport.Response response = http.post("/v1/orgs/" + org + "/models", model);
    assertEquals(400, response.status(), response.raw());
    assertEquals(code, response.body().path("code").asText(), response.raw());
    assertEquals(before, revision(org));
  }

  @Test
  void anUnknownEndpointIsRefusedWith404() {
    HttpClientSupport.Response response = http.send("GET", "/nothing/here", null);
    assertEquals(404, response.status());
    assertEquals("undefined_endpoint", response.body().path("code").asText());
  }

  @Test
  void aKnownPathAskedWithAnotherMethodIsRefusedWith405NamingTheAllowedOnes() {
    HttpClientSupport.Response response = http.send("PUT", "/stores", "{}");
    assertEquals(405, response.status(), response.raw());
    assertEquals("method_not_allowed", response.body().path("code").asText());
    String message = response.body().path("message").asText();
    assertTrue(message.contains("POST") && message.contains("GET"), message);
  }

  @Test
  void aPathWithATrailingSlashIsNotAnEndpoint() {
    assertEquals(404, http.send("GET", "/stores/", null).status());
  }

  @Test
  void
      theMetricsShowRequestsByOperationJournalWritesOrganizationsAndTheJvmWithoutOrganizationIds() {
    String org = "metered";
    assertEquals(201, http.send("PUT", "/v1/orgs/" + org, "{\"model\": \"builtin\"}").status());
    assertEquals(
        200,
        http.post(
                "/v1/orgs/" + org + "/check",
                "{\"tuple_key\": {\"object\": \"organization:metered\", \"relation\": \"admin\","
                    + " \"user\": \"user:x\"}}")
            .status());
    String metrics = http.send("GET", "/metrics", null).raw();
    for (String expected :
        List.of(
            "castellan_http_requests_seconds_bucket{",
            "operation=\"POST /v1/orgs/{org}/check\"",
            "castellan_journal_writes_seconds_count",
            "castellan_journal_batch_size_count",
            "castellan_organization_recoveries_seconds_count",
            "castellan_organizations_hosted",
            "castellan_reads_forwarded_seconds_count{outcome=\"answered\"",
            "castellan_shards_hosted",
            "castellan_shards_moved_total{direction=\"in\"",
            "jvm_memory_used_bytes",
            "jvm_gc_",
            "process_cpu_usage")) {
      assertTrue(metrics.contains(expected), expected + " in the metrics");
    }
    assertFalse(metrics.contains("metered"), "no organization id as a label");
  }
}
