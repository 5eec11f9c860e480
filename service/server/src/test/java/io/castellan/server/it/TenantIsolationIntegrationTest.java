package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.castellan.server.auth.TestKeys;
import io.castellan.server.http.EndpointInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint, as the router lists it (so an endpoint added later is covered, or this test fails
 * asking for a sample request), refuses a credential of organization A on organization B: A's admin
 * API key and a token of A's admin, on an organization hosted on the node asked and on one hosted
 * on the other node (reads forwarded between nodes). Nothing is changed in B. Without a credential
 * every endpoint answers 401.
 */
class TenantIsolationIntegrationTest {

  private static final String MODEL =
      """
      {"dsl": "model\\n  schema 1.1\\ntype user\\ntype organization\\n  relations\\n    define admin: [user]\\n    define member: [user] or admin\\ntype document\\n  relations\\n    define viewer: [user]\\n"}""";
  private static final String TUPLE =
      "{\"object\": \"document:1\", \"relation\": \"viewer\", \"user\": \"user:x\"}";

  /** A valid request for each endpoint, by its template with the organization's part removed. */
  private static final Map<String, String> SAMPLES =
      withManagementSamples(
          Map.ofEntries(
              Map.entry("PUT /v1/orgs/{org}", "{}"),
              Map.entry("GET /v1/orgs/{org}", ""),
              Map.entry("DELETE /v1/orgs/{org}", ""),
              Map.entry("GET /stores/{store}", ""),
              Map.entry("DELETE /stores/{store}", ""),
              Map.entry("POST models", MODEL),
              Map.entry("GET models", ""),
              Map.entry("GET models/{model}", ""),
              Map.entry("POST authorization-models", MODEL),
              Map.entry("GET authorization-models", ""),
              Map.entry("GET authorization-models/{model}", ""),
              Map.entry("POST keys", "{\"scopes\": [\"admin\"]}"),
              Map.entry("GET keys", ""),
              Map.entry("DELETE keys/{key}", ""),
              Map.entry("POST write", "{\"writes\": {\"tuple_keys\": [" + TUPLE + "]}}"),
              Map.entry("POST read", "{}"),
              Map.entry("POST check", "{\"tuple_key\": " + TUPLE + "}"),
              Map.entry(
                  "POST batch-check",
                  "{\"checks\": [{\"tuple_key\": " + TUPLE + ", \"correlation_id\": \"1\"}]}"),
              Map.entry(
                  "POST expand",
                  "{\"tuple_key\": {\"object\": \"document:1\", \"relation\": \"viewer\"}}"),
              Map.entry(
                  "POST list-objects",
                  "{\"type\": \"document\", \"relation\": \"viewer\", \"user\": \"user:x\"}"),
              Map.entry(
                  "POST list-users",
                  "{\"object\": {\"type\": \"document\", \"id\": \"1\"}, \"relation\": \"viewer\","
                      + " \"user_filters\": [{\"type\": \"user\"}]}"),
              Map.entry("GET changes", ""),
              Map.entry("GET audit", ""),
              Map.entry("POST export", "{}"),
              Map.entry("GET watch", ""),
              Map.entry("POST undo", "{\"revision\": \"r1\"}"),
              Map.entry("GET decision-log", ""),
              Map.entry("PUT decision-log", "{\"mode\": \"all\"}"),
              Map.entry("GET diff?from=r1", "")));

  /** The management endpoints' samples: the same for every kind of entity. */
  private static Map<String, String> withManagementSamples(Map<String, String> samples) {
    Map<String, String> all = new HashMap<>(samples);
    for (String kind : List.of("users", "teams", "projects", "groups", "roles", "documents")) {
      all.put("POST " + kind, "{\"id\": \"x1\", \"name\": \"X\"}");
      all.put("GET " + kind, "");
      all.put("GET " + kind + "/{id}", "");
      all.put("PATCH " + kind + "/{id}", "{\"name\": \"Y\"}");
      all.put("DELETE " + kind + "/{id}", "");
      all.put("GET " + kind + "/{id}/members", "");
      all.put("PUT " + kind + "/{id}/members/{member}", "");
      all.put("DELETE " + kind + "/{id}/members/{member}", "");
    }
    all.put("GET roles/{id}/assignments", "");
    all.put("PUT roles/{id}/assignments/{user}", "");
    all.put("DELETE roles/{id}/assignments/{user}", "");
    return all;
  }

  private static final TestKeys.SigningKey IDP = TestKeys.rsa("idp-1");

  private static TestNode[] nodes;
  private static HttpClientSupport http;
  private static String hereOrg;
  private static String thereOrg;
  private static String keyOfA;

  @BeforeAll
  static void start() throws InterruptedException {
    String keyspace = TestNode.newKeyspace("isolation_it");
    String jwt =
        """
        castellan.auth.jwt.public-keys = [\"\"\"%s\"\"\"]
        castellan.auth.jwt.issuer = "%s"
        castellan.auth.jwt.audiences = ["%s"]
        castellan.auth.failed-attempts.threshold = 1000
        """
            .formatted(IDP.publicPem(), TestKeys.ISSUER, TestKeys.AUDIENCE);
    nodes = TestNode.startTwo(keyspace, jwt);
    http = new HttpClientSupport(nodes[0].baseUrl());
    create("tenant-a");
    assertEquals(
        200,
        http.post(
                "/v1/orgs/tenant-a/write",
                "{\"writes\": {\"tuple_keys\": [{\"object\": \"organization:tenant-a\","
                    + " \"relation\": \"admin\", \"user\": \"user:ann\"}]}}")
            .status());
    keyOfA =
        http.post("/v1/orgs/tenant-a/keys", "{\"scopes\": [\"admin\"]}")
            .body()
            .path("key")
            .asText();
    for (int i = 0; i < 12 && (hereOrg == null || thereOrg == null); i++) {
      String org = "tenant-b" + i;
      create(org);
      if (nodes[0].hostedOrganizations().contains(org)) {
        hereOrg = hereOrg == null ? org : hereOrg;
      } else {
        thereOrg = thereOrg == null ? org : thereOrg;
      }
    }
    assertTrue(hereOrg != null && thereOrg != null, "organizations on both nodes");
  }

  @AfterAll
  static void stop() {
    for (TestNode node : nodes) {
      node.close();
    }
  }

  private static void create(String org) {
    assertEquals(201, http.send("PUT", "/v1/orgs/" + org, "{}").status());
    assertEquals(201, http.post("/v1/orgs/" + org + "/models", MODEL).status());
  }

  private static long revision(String org) {
    HttpClientSupport.Response response = http.send("GET", "/v1/orgs/" + org, null);
    assertEquals(200, response.status(), org + " is gone: " + response.raw());
    return Long.parseLong(response.body().path("revision").asText().substring(1));
  }

  private static String sample(EndpointInfo endpoint) {
    String template = endpoint.template();
    String rest =
        template.startsWith("/v1/orgs/{org}/")
            ? template.substring("/v1/orgs/{org}/".length())
            : template.startsWith("/stores/{store}/")
                ? template.substring("/stores/{store}/".length())
                : template;
    String sample = SAMPLES.get(endpoint.method() + " " + rest);
    if (sample == null && rest.equals("diff")) {
      sample = SAMPLES.get("GET diff?from=r1");
    }
    if (sample == null) {
      fail(
          "no sample request for "
              + endpoint.method()
              + " "
              + template
              + ": add one to TenantIsolationIntegrationTest.SAMPLES");
    }
    return sample;
  }

  private static String path(EndpointInfo endpoint, String org) {
    return (endpoint.template().endsWith("/diff")
            ? endpoint.template() + "?from=r1"
            : endpoint.template())
        .replace("{" + endpoint.organization() + "}", org)
        .replace("{model}", "01JAAAAAAAAAAAAAAAAAAAAAAA")
        .replace("{key}", "some-key")
        .replace("{id}", "x1")
        .replace("{member}", "user:x")
        .replace("{user}", "user:x");
  }

  @Test
  void everyEndpointOfAnOrganizationRefusesTheCredentialsOfAnother() {
    List<EndpointInfo> scoped =
        nodes[0].endpoints().stream().filter(endpoint -> endpoint.organization() != null).toList();
    assertTrue(scoped.size() >= 30, "the router lists " + scoped.size() + " endpoints");
    String annToken = IDP.sign(TestKeys.claims("ann", List.of()).build());
    List<String> leaks = new ArrayList<>();
    for (String org : List.of(hereOrg, thereOrg)) {
      long before = revision(org);
      for (EndpointInfo endpoint : scoped) {
        String body = sample(endpoint);
        for (String credential : List.of(keyOfA, annToken)) {
          HttpClientSupport.Response response =
              http.send(
                  endpoint.method(),
                  path(endpoint, org),
                  body.isEmpty() ? null : body,
                  "Authorization",
                  "Bearer " + credential);
          if (!Set.of(403, 404).contains(response.status())) {
            leaks.add(endpoint.method() + " " + path(endpoint, org) + " -> " + response.raw());
          }
        }
      }
      assertEquals(before, revision(org), "nothing changed in " + org);
    }
    assertEquals(List.of(), leaks);
  }

  @Test
  void everyEndpointRefusesARequestWithoutACredential() {
    List<String> open = new ArrayList<>();
    for (EndpointInfo endpoint : nodes[0].endpoints()) {
      String org = endpoint.organization() == null ? null : thereOrg;
      String path = org == null ? endpoint.template() : path(endpoint, org);
      HttpClientSupport.Response response =
          http.send(endpoint.method(), path, "{}", "Authorization", "");
      if (response.status() != 401) {
        open.add(endpoint.method() + " " + path + " -> " + response.status());
      }
    }
    assertEquals(List.of(), open);
  }

  @Test
  void theOwnAdminOfAnOrganizationMayUseIt() {
    String annToken = IDP.sign(TestKeys.claims("ann", List.of()).build());
    HttpClientSupport.Response response =
        http.post(
            "/v1/orgs/tenant-a/check",
            "{\"tuple_key\": " + TUPLE + "}",
            "Authorization",
            "Bearer " + annToken);
    assertEquals(200, response.status(), response.raw());
    assertEquals(
        200,
        http.post(
                "/v1/orgs/tenant-a/check",
                "{\"tuple_key\": " + TUPLE + "}",
                "Authorization",
                "Bearer " + keyOfA)
            .status());
  }
}
