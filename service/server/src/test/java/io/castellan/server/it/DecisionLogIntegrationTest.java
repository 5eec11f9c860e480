package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decision log on the real Cassandra: each organization's mode decides which checks are kept;
 * they are written in the background and read through the audit endpoint, with the configured
 * context keys masked.
 */
class DecisionLogIntegrationTest {

  private static final String MODEL =
      """
      {"dsl": "model\\n  schema 1.1\\ntype user\\ntype document\\n  relations\\n    define viewer: [user]\\n"}""";

  private static TestNode node;
  private static HttpClientSupport http;

  @BeforeAll
  static void start() {
    node =
        TestNode.startWith(
            TestNode.newKeyspace("decisions_it"),
            """
            castellan.decision-log.masked-context-keys = ["ssn"]
            castellan.decision-log.flush-interval = 100 ms
            """);
    http = new HttpClientSupport(node.baseUrl());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static void create(String org, String mode) {
    // without the built-in model: the test's own is the first (the revisions below count on it)
    assertEquals(201, http.send("PUT", "/v1/orgs/" + org, "{\"model\": \"none\"}").status());
    assertEquals(201, http.post("/v1/orgs/" + org + "/models", MODEL).status());
    assertEquals(
        200,
        http.post(
                "/v1/orgs/" + org + "/write",
                "{\"writes\": {\"tuple_keys\": [{\"object\": \"document:1\", \"relation\":"
                    + " \"viewer\", \"user\": \"user:anne\"}]}}")
            .status());
    if (mode != null) {
      HttpClientSupport.Response set = http.send("PUT", "/v1/orgs/" + org + "/decision-log", mode);
      assertEquals(200, set.status(), set.raw());
    }
  }

  private static void check(String org, String user, String context) {
    HttpClientSupport.Response response =
        http.post(
            "/v1/orgs/" + org + "/check",
            "{\"tuple_key\": {\"object\": \"document:1\", \"relation\": \"viewer\", \"user\": \"%s\"}%s}"
                .formatted(user, context == null ? "" : ", \"context\": " + context));
    assertEquals(200, response.status(), response.raw());
  }

  /** The decisions the query finds once {@code expected} are written, or after 10 s. */
  private static List<JsonNode> decisions(String org, String query, int expected)
      throws InterruptedException {
    List<JsonNode> found = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    do {
      found.clear();
      HttpClientSupport.Response page =
          http.send("GET", "/v1/orgs/" + org + "/audit?kind=decisions&page_size=100" + query, null);
      assertEquals(200, page.status(), page.raw());
      page.body().path("decisions").forEach(found::add);
      if (found.size() >= expected) {
        return found;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return found;
  }

  @Test
  void byDefaultNoDecisionIsKept() throws InterruptedException {
    create("quiet", null);
    check("quiet", "user:anne", null);
    check("quiet", "user:bob", null);
    Thread.sleep(500); // two flushes
    assertEquals(List.of(), decisions("quiet", "", 0));
    assertEquals(
        "off", http.send("GET", "/v1/orgs/quiet/decision-log", null).body().path("mode").asText());
  }

  @Test
  void modeDeniedKeepsOnlyDenials() throws InterruptedException {
    create("strict", "{\"mode\": \"denied\"}");
    check("strict", "user:anne", null);
    check("strict", "user:bob", null);
    check("strict", "user:anne", null);
    List<JsonNode> kept = decisions("strict", "", 1);
    Thread.sleep(300);
    kept = decisions("strict", "", 1);
    assertEquals(1, kept.size(), kept.toString());
    JsonNode denial = kept.get(0);
    assertEquals("user:bob", denial.path("user").asText());
    assertEquals(false, denial.path("allowed").asBoolean());
    assertEquals("operator", denial.path("actor").asText());
    assertEquals("r3", denial.path("revision").asText());
  }

  @Test
  void modeAllKeepsEveryCheckWithMaskedContextAndFilters() throws InterruptedException {
    create("everything", "{\"mode\": \"all\"}");
    check("everything", "user:anne", "{\"ssn\": \"123-45-6789\", \"region\": \"eu\"}");
    check("everything", "user:bob", null);
    List<JsonNode> kept = decisions("everything", "", 2);
    assertEquals(2, kept.size(), kept.toString());
    JsonNode anne = kept.get(0);
    assertEquals("user:anne", anne.path("user").asText());
    assertTrue(anne.path("allowed").asBoolean());
    assertEquals("****", anne.path("context").path("ssn").asText());
    assertEquals("eu", anne.path("context").path("region").asText());
    assertEquals(1, decisions("everything", "&allowed=false", 1).size());
    assertEquals(1, decisions("everything", "&user=user:anne", 1).size());
    HttpClientSupport.Response lines =
        http.send(
            "GET",
            "/v1/orgs/everything/audit?kind=decisions",
            null,
            "Accept",
            "application/x-ndjson");
    assertEquals(200, lines.status());
    assertEquals(2, lines.raw().strip().split("\n").length, lines.raw());
  }

  @Test
  void modeSampledKeepsAboutItsShare() throws InterruptedException {
    create("sampled", "{\"mode\": \"sampled\", \"sample_rate\": 0.5}");
    for (int i = 0; i < 200; i++) {
      check("sampled", "user:anne", null);
    }
    Thread.sleep(1000);
    int kept = 0;
    String token = "";
    do {
      HttpClientSupport.Response page =
          http.send(
              "GET",
              "/v1/orgs/sampled/audit?kind=decisions&page_size=100&continuation_token=" + token,
              null);
      assertEquals(200, page.status(), page.raw());
      kept += page.body().path("decisions").size();
      token = page.body().path("continuation_token").asText();
    } while (!token.isEmpty());
    // 200 draws at one half: outside 50..150 is about 1e-12 likely
    assertTrue(kept > 50 && kept < 150, "kept " + kept + " of 200");
  }

  @Test
  void badDecisionQueriesAreRefusedAndOldRangesEndAtTheRetention() {
    create("ranges", "{\"mode\": \"all\"}");
    for (String bad :
        List.of(
            "&from=-999999999-01-01T00:00:00Z",
            "&from=yesterday",
            "&continuation_token=bm90LW91cnM",
            "&allowed=maybe")) {
      HttpClientSupport.Response response =
          http.send("GET", "/v1/orgs/ranges/audit?kind=decisions" + bad, null);
      assertEquals(400, response.status(), bad + " -> " + response.raw());
    }
    // from 1970: the range starts at the retention (30 days ago), not 500,000 hours back
    HttpClientSupport.Response old =
        http.send("GET", "/v1/orgs/ranges/audit?kind=decisions&from=1970-01-01T00:00:00Z", null);
    assertEquals(200, old.status(), old.raw());
  }

  @Test
  void anotherOrganizationsKeyCannotReadOrSetTheDecisionLog() {
    create("private-a", "{\"mode\": \"all\"}");
    create("private-b", null);
    String keyOfB =
        http.post("/v1/orgs/private-b/keys", "{\"scopes\": [\"admin\", \"audit\"]}")
            .body()
            .path("key")
            .asText();
    String bearer = "Bearer " + keyOfB;
    assertEquals(
        404,
        http.send("GET", "/v1/orgs/private-a/audit?kind=decisions", null, "Authorization", bearer)
            .status());
    assertEquals(
        404,
        http.send("GET", "/v1/orgs/private-a/decision-log", null, "Authorization", bearer)
            .status());
    assertEquals(
        404,
        http.send(
                "PUT",
                "/v1/orgs/private-a/decision-log",
                "{\"mode\": \"off\"}",
                "Authorization",
                bearer)
            .status());
    assertEquals(
        401,
        http.send("GET", "/v1/orgs/private-a/audit?kind=decisions", null, "Authorization", "")
            .status());
    assertEquals(
        "all",
        http.send("GET", "/v1/orgs/private-a/decision-log", null).body().path("mode").asText());
  }

  @Test
  void aBadModeIsRefusedAndChangesNothing() {
    create("fussy", "{\"mode\": \"denied\"}");
    for (String bad :
        List.of(
            "{\"mode\": \"verbose\"}",
            "{\"mode\": \"sampled\"}",
            "{\"mode\": \"sampled\", \"sample_rate\": 2}",
            "{\"mode\": \"all\", \"sample_rate\": 0.5}",
            "{\"mode\": \"all\", \"extra\": true}")) {
      HttpClientSupport.Response response = http.send("PUT", "/v1/orgs/fussy/decision-log", bad);
      assertEquals(400, response.status(), bad + " -> " + response.raw());
    }
    assertEquals(
        "denied",
        http.send("GET", "/v1/orgs/fussy/decision-log", null).body().path("mode").asText());
  }
}
