package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rate limits per credential and scope (429 with Retry-After, nothing persisted), and failed
 * authentications from one address slowed after a threshold; on a node with small limits.
 */
class RateLimitIntegrationTest {

  private static final String MODEL =
      """
      {"dsl": "model\\n  schema 1.1\\ntype user\\ntype document\\n  relations\\n    define viewer: [user]\\n"}""";

  private static TestNode node;
  private static HttpClientSupport http;

  @BeforeAll
  static void start() {
    node =
        TestNode.startWith(
            TestNode.newKeyspace("limits_it"),
            """
            castellan.auth.rate-limits.read { per-second = 0.2, burst = 3 }
            castellan.auth.rate-limits.write { per-second = 0.2, burst = 2 }
            castellan.auth.failed-attempts { threshold = 2, window = 60s, delay = 1s }
            """);
    http = new HttpClientSupport(node.baseUrl());
    assertEquals(201, http.send("PUT", "/v1/orgs/acme", "{}").status());
    assertEquals(201, http.post("/v1/orgs/acme/models", MODEL).status());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String key(String scopes) {
    return http.post("/v1/orgs/acme/keys", "{\"scopes\": " + scopes + "}")
        .body()
        .path("key")
        .asText();
  }

  @Test
  void checksPastTheLimitAreRefusedWith429AndRetryAfter() {
    String key = key("[\"read\"]");
    String check =
        "{\"tuple_key\": {\"object\": \"document:1\", \"relation\": \"viewer\", \"user\": \"user:a\"}}";
    for (int i = 0; i < 3; i++) {
      assertEquals(
          200, http.post("/v1/orgs/acme/check", check, "Authorization", "Bearer " + key).status());
    }
    HttpClientSupport.Response limited =
        http.post("/v1/orgs/acme/check", check, "Authorization", "Bearer " + key);
    assertEquals(429, limited.status(), limited.raw());
    assertEquals("rate_limited", limited.body().path("code").asText());
    assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1, limited.raw());
    // another credential has its own bucket
    assertEquals(
        200,
        http.post("/v1/orgs/acme/check", check, "Authorization", "Bearer " + key("[\"read\"]"))
            .status());
  }

  @Test
  void writesAreCountedApartFromChecksAndAWriteRefusedIsNotApplied() {
    String key = key("[\"write\", \"read\"]");
    long before = revision();
    int applied = 0;
    for (int i = 0; i < 3; i++) {
      HttpClientSupport.Response response =
          http.post(
              "/v1/orgs/acme/write",
              "{\"writes\": {\"tuple_keys\": [{\"object\": \"document:w%d\", \"relation\": \"viewer\", \"user\": \"user:a\"}]}}"
                  .formatted(i),
              "Authorization",
              "Bearer " + key);
      if (response.status() == 200) {
        applied++;
      } else {
        assertEquals(429, response.status(), response.raw());
      }
    }
    assertEquals(2, applied);
    assertEquals(before + 2, revision());
  }

  private static long revision() {
    return Long.parseLong(
        http.send("GET", "/v1/orgs/acme", null).body().path("revision").asText().substring(1));
  }

  @Test
  void repeatedFailuresFromOneAddressAreAnsweredSlower() {
    long first = timedFailure();
    timedFailure();
    long third = timedFailure();
    assertTrue(first < 900, "the first failure took " + first + " ms");
    assertTrue(third >= 900, "the third failure took only " + third + " ms");
  }

  private static long timedFailure() {
    long started = System.nanoTime();
    HttpClientSupport.Response response =
        http.send("GET", "/v1/orgs/acme", null, "Authorization", "Bearer wrong-" + started);
    assertEquals(401, response.status());
    return (System.nanoTime() - started) / 1_000_000;
  }
}
