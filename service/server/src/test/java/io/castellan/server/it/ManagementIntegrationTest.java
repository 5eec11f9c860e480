package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The management endpoints as an API: the built-in model new organizations start with, one event
 * per change with its actor and reason, paged lists, refusals that persist nothing, idempotent
 * retries, API keys, and models that extend the built-in one.
 */
class ManagementIntegrationTest {

  private static final AtomicInteger ORGANIZATIONS = new AtomicInteger();
  private static TestNode node;
  private static HttpClientSupport http;

  @BeforeAll
  static void start() {
    node =
        TestNode.startWith(
            TestNode.newKeyspace("management_it"), ManagedOrganization.jwtSettings());
    http = new HttpClientSupport(node.baseUrl());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static ManagedOrganization organization() {
    return ManagedOrganization.create(http, "org" + ORGANIZATIONS.incrementAndGet(), "alice");
  }

  @Test
  void aNewOrganizationStartsWithTheBuiltinModelUnlessItAsksForNone() {
    ManagedOrganization org = organization();
    JsonNode summary = http.send("GET", "/v1/orgs/" + org.id, null).body();
    String modelId = summary.path("latest_model_id").asText();
    HttpClientSupport.Response models = http.send("GET", "/v1/orgs/" + org.id + "/models", null);
    assertEquals(200, models.status(), models.raw());
    assertTrue(models.raw().contains("role_binding"), models.raw());
    assertFalse(modelId.isEmpty(), summary.toString());
    assertEquals(
        201, http.send("PUT", "/v1/orgs/blank" + org.id, "{\"model\": \"none\"}").status());
    HttpClientSupport.Response none = http.send("GET", "/v1/orgs/blank" + org.id + "/models", null);
    assertEquals(0, none.body().path("authorization_models").size(), none.raw());
    HttpClientSupport.Response adminsWithoutModel =
        http.send("PUT", "/v1/orgs/x" + org.id, "{\"model\": \"none\", \"admins\": [\"user:a\"]}");
    assertEquals(400, adminsWithoutModel.status(), adminsWithoutModel.raw());
  }

  @Test
  void everyChangeIsOneEventWithItsActorAndReason() {
    ManagedOrganization org = organization();
    long before = org.revision();
    HttpClientSupport.Response created =
        http.send(
            "POST",
            "/v1/orgs/" + org.id + "/teams",
            "{\"id\": \"eng\", \"name\": \"Engineering\"}",
            "Authorization",
            "Bearer " + ManagedOrganization.token("alice"),
            "X-Castellan-Reason",
            "new team for the launch");
    assertEquals(201, created.status(), created.raw());
    assertEquals("r" + (before + 1), created.body().path("revision").asText());
    HttpClientSupport.Response audit =
        http.send("GET", "/v1/orgs/" + org.id + "/audit?from=r" + (before + 1), null);
    assertEquals(200, audit.status(), audit.raw());
    JsonNode entry = audit.body().path("entries").get(0);
    assertEquals("user:alice", entry.path("actor").asText(), entry.toString());
    assertEquals("new team for the launch", entry.path("reason").asText());
    assertTrue(entry.toString().contains("team:eng"), entry.toString());
    assertEquals(
        "Engineering", org.ok("alice", "GET", "/teams/eng", null).body().path("name").asText());
    org.ok("alice", "PATCH", "/teams/eng", "{\"name\": \"R&D\"}");
    assertEquals("R&D", org.ok("alice", "GET", "/teams/eng", null).body().path("name").asText());
  }

  @Test
  void listsArePagedWithACursorSortedById() {
    ManagedOrganization org = organization();
    for (String team : List.of("e", "c", "a", "d", "b")) {
      org.create("alice", "teams", team, null);
    }
    List<String> seen = new ArrayList<>();
    String token = null;
    for (int page = 0; page < 5; page++) {
      JsonNode body =
          org.ok(
                  "alice",
                  "GET",
                  "/teams?page_size=2" + (token == null ? "" : "&continuation_token=" + token),
                  null)
              .body();
      body.path("teams").forEach(team -> seen.add(team.path("id").asText()));
      token =
          body.path("continuation_token").isNull()
              ? null
              : body.path("continuation_token").asText(null);
      if (token == null) {
        break;
      }
    }
    assertEquals(List.of("a", "b", "c", "d", "e"), seen);
    HttpClientSupport.Response forged =
        org.as("alice", "GET", "/teams?continuation_token=abc", null);
    assertEquals(400, forged.status(), forged.raw());
    assertEquals("invalid_continuation_token", forged.body().path("code").asText());
  }

  @Test
  void badInputIsRefusedWith400AndPersistsNothing() {
    ManagedOrganization org = organization();
    org.create("alice", "roles", "r1", null);
    long before = org.revision();
    String[][] bad = {
      {"POST", "/teams", "{\"id\": \"has space\"}"},
      {"POST", "/teams", "{\"id\": \"a.b\"}"},
      {"POST", "/teams", "{}"},
      {"POST", "/teams", "{\"id\": \"t\", \"colour\": \"red\"}"},
      {"POST", "/teams", "not json"},
      {"POST", "/roles", "{\"id\": \"r2\", \"permissions\": \"view\"}"},
      {"POST", "/roles", "{\"id\": \"r2\", \"permissions\": [\"has space\"]}"},
      {"POST", "/projects", "{\"id\": \"p\", \"owner\": \"team:eng\"}"},
      {"PUT", "/roles/r1/assignments/user:bob?scope=team:eng", null},
      {"PUT", "/roles/r1/assignments/robot:x", null},
      {"PUT", "/groups/g/members/user:*", null},
      {"PUT", "/documents/d/members/user:bob?relation=owner", null},
      {"PUT", "/teams/t/members/user:bob?relation=admin", null},
      {"PUT", "/teams/t/members/user:bob?relation=shared_with", null},
    };
    for (String[] request : bad) {
      HttpClientSupport.Response response = org.as("alice", request[0], request[1], request[2]);
      assertEquals(400, response.status(), request[1] + ": " + response.raw());
      assertEquals("validation_error", response.body().path("code").asText(), response.raw());
    }
    assertEquals(before, org.revision());
    HttpClientSupport.Response forged =
        org.as(
            "alice",
            "POST",
            "/export",
            "{\"continuation_token\": \"" + exportToken(org.id, "-1:0") + "\"}");
    assertEquals(400, forged.status(), forged.raw());
    assertEquals("invalid_continuation_token", forged.body().path("code").asText());
  }

  @Test
  void anExistingIdIs409AndAnUnknownOne404() {
    ManagedOrganization org = organization();
    org.create("alice", "teams", "eng", null);
    HttpClientSupport.Response again = org.as("alice", "POST", "/teams", "{\"id\": \"eng\"}");
    assertEquals(409, again.status(), again.raw());
    assertEquals("resource_already_exists", again.body().path("code").asText());
    for (String[] request :
        new String[][] {
          {"GET", "/teams/nope"},
          {"PATCH", "/teams/nope"},
          {"DELETE", "/projects/nope"},
          {"PUT", "/teams/nope/members/user:bob"},
          {"PUT", "/teams/eng/members/team:nope"},
          {"PUT", "/roles/nope/assignments/bob"},
        }) {
      HttpClientSupport.Response response =
          org.as("alice", request[0], request[1], request[0].equals("PATCH") ? "{}" : null);
      assertEquals(404, response.status(), request[1] + ": " + response.raw());
      assertEquals("resource_not_found", response.body().path("code").asText());
    }
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyIsAppliedOnce() {
    ManagedOrganization org = organization();
    String[] headers = {
      "Authorization", "Bearer " + ManagedOrganization.token("alice"), "Idempotency-Key", "k-1"
    };
    HttpClientSupport.Response first =
        http.send("POST", "/v1/orgs/" + org.id + "/teams", "{\"id\": \"eng\"}", headers);
    HttpClientSupport.Response second =
        http.send("POST", "/v1/orgs/" + org.id + "/teams", "{\"id\": \"eng\"}", headers);
    assertEquals(201, first.status(), first.raw());
    assertEquals(201, second.status(), second.raw());
    assertEquals(first.body().path("revision"), second.body().path("revision"));
    assertEquals("r" + org.revision(), first.body().path("revision").asText(), "no second event");
  }

  @Test
  void repeatingAMembershipChangeChangesNothing() {
    ManagedOrganization org = organization();
    org.create("alice", "teams", "eng", null);
    org.add("alice", "teams", "eng", "user:bob", null);
    long before = org.revision();
    HttpClientSupport.Response again = org.ok("alice", "PUT", "/teams/eng/members/user:bob", null);
    assertFalse(again.body().path("changed").asBoolean());
    assertEquals(before, org.revision());
    org.ok("alice", "DELETE", "/teams/eng/members/user:bob", null);
    assertTrue(
        org.ok("alice", "DELETE", "/teams/eng/members/user:bob", null)
            .body()
            .path("changed")
            .isBoolean());
    assertEquals(before + 1, org.revision());
  }

  @Test
  void anApiKeyWithWriteActsAsTheOrganizationsAdminOneWithReadDoesNot() {
    ManagedOrganization org = organization();
    String writer =
        http.post("/v1/orgs/" + org.id + "/keys", "{\"scopes\": [\"write\"]}")
            .body()
            .path("key")
            .asText();
    String reader =
        http.post("/v1/orgs/" + org.id + "/keys", "{\"scopes\": [\"read\"]}")
            .body()
            .path("key")
            .asText();
    HttpClientSupport.Response byWriter =
        http.send(
            "POST",
            "/v1/orgs/" + org.id + "/teams",
            "{\"id\": \"eng\"}",
            "Authorization",
            "Bearer " + writer);
    assertEquals(201, byWriter.status(), byWriter.raw());
    HttpClientSupport.Response byReader =
        http.send(
            "POST",
            "/v1/orgs/" + org.id + "/teams",
            "{\"id\": \"ops\"}",
            "Authorization",
            "Bearer " + reader);
    assertEquals(403, byReader.status(), byReader.raw());
    HttpClientSupport.Response listed =
        http.send(
            "GET", "/v1/orgs/" + org.id + "/teams", null, "Authorization", "Bearer " + reader);
    assertEquals(200, listed.status(), listed.raw());
    assertEquals(1, listed.body().path("teams").size());
  }

  @Test
  void theOrganizationsFirstAdminsAreItsUsers() {
    ManagedOrganization org = organization();
    org.create("alice", "users", "bob", null);
    JsonNode users = org.ok("bob", "GET", "/users", null).body().path("users");
    assertEquals(2, users.size(), users.toString());
    assertEquals("alice", users.get(0).path("id").asText());
    assertTrue(users.get(0).path("admin").asBoolean());
    assertFalse(users.get(1).path("admin").asBoolean());
    org.ok("alice", "PATCH", "/users/bob", "{\"admin\": true}");
    assertTrue(org.allows("organization:" + org.id, "admin", "user:bob"));
  }

  @Test
  void deletingAProjectRemovesItsTuplesAndRoleBindings() {
    ManagedOrganization org = organization();
    org.create("alice", "projects", "p1", "\"owner\": \"organization\"");
    org.create("alice", "roles", "viewer", "\"permissions\": [\"view\"]");
    org.ok("alice", "PUT", "/roles/viewer/assignments/bob?scope=project:p1", null);
    org.add("alice", "projects", "p1", "user:erin", null);
    assertTrue(org.allows("project:p1", "view", "user:bob"));
    org.ok("alice", "DELETE", "/projects/p1", null);
    HttpClientSupport.Response read =
        http.post("/v1/orgs/" + org.id + "/read", "{\"page_size\": 100}");
    String tuples = read.body().path("tuples").toString();
    assertFalse(tuples.contains("p1"), tuples);
    assertEquals(
        "[]",
        org.ok("alice", "GET", "/roles/viewer/assignments", null)
            .body()
            .path("assignments")
            .toString());
  }

  @Test
  void aModelThatExtendsTheBuiltinOneKeepsTheEndpointsWorkingOneWithoutItIsRefused()
      throws Exception {
    ManagedOrganization org = organization();
    String builtin =
        new String(
            getClass()
                .getResourceAsStream("/io/castellan/server/domain/builtin-model.fga")
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    String extended =
        builtin
            + "\ntype invoice\n  relations\n    define project: [project]\n    define view: view from project\n";
    HttpClientSupport.Response written =
        http.post(
            "/v1/orgs/" + org.id + "/models",
            HttpClientSupport.JSON.createObjectNode().put("dsl", extended).toString());
    assertEquals(201, written.status(), written.raw());
    org.create("alice", "teams", "eng", null);
    HttpClientSupport.Response bare =
        http.post(
            "/v1/orgs/" + org.id + "/models",
            "{\"dsl\": \"model\\n  schema 1.1\\ntype user\\ntype organization\\n  relations\\n    define admin: [user]\\n\"}");
    assertEquals(201, bare.status(), bare.raw());
    long before = org.revision();
    HttpClientSupport.Response refused = org.as("alice", "POST", "/teams", "{\"id\": \"ops\"}");
    assertEquals(400, refused.status(), refused.raw());
    assertTrue(refused.raw().contains("built-in"), refused.raw());
    assertEquals(before, org.revision());
  }

  private static String exportToken(String org, String position) {
    return io.castellan.protocol.ContinuationToken.encode(
        io.castellan.protocol.ContinuationToken.query("export", org), position);
  }

  @Test
  void aMemberCannotRegisterAnEntityThatTuplesAlreadyName() {
    ManagedOrganization org = organization();
    org.create("alice", "users", "bob", null);
    HttpClientSupport.Response raw =
        http.post(
            "/v1/orgs/" + org.id + "/write",
            "{\"writes\": {\"tuple_keys\": [{\"object\": \"organization:"
                + org.id
                + "\","
                + " \"relation\": \"admin\", \"user\": \"group:idp-admins#member\"}]}}");
    assertEquals(200, raw.status(), raw.raw());
    long before = org.revision();
    HttpClientSupport.Response takeover =
        org.as("bob", "POST", "/groups", "{\"id\": \"idp-admins\"}");
    assertEquals(403, takeover.status(), takeover.raw());
    assertEquals(before, org.revision());
    org.create("alice", "groups", "idp-admins", null);
  }

  @Test
  void onlyTheOrganizationsAdminsRemoveUsersNotTheirManagers() {
    ManagedOrganization org = organization();
    org.create("alice", "users", "bob", null);
    org.create("alice", "users", "erin", null);
    org.add("alice", "users", "erin", "user:bob", "manager");
    long before = org.revision();
    assertEquals(403, org.as("bob", "DELETE", "/users/erin", null).status());
    assertEquals(before, org.revision());
    org.ok("alice", "DELETE", "/users/erin", null);
  }

  @Test
  void anExportPagesInsideAPartitionLargerThanAPage() {
    ManagedOrganization org = organization();
    StringBuilder tuples = new StringBuilder();
    for (int i = 0; i < 90; i++) {
      tuples
          .append(i == 0 ? "" : ", ")
          .append("{\"object\": \"team:big\", \"relation\": \"member\", \"user\": \"user:u")
          .append(i)
          .append("\"}");
    }
    assertEquals(
        200,
        http.post(
                "/v1/orgs/" + org.id + "/write", "{\"writes\": {\"tuple_keys\": [" + tuples + "]}}")
            .status());
    java.util.Set<String> seen = new java.util.HashSet<>();
    int pages = 0;
    String token = "";
    do {
      HttpClientSupport.Response page =
          http.post(
              "/v1/orgs/" + org.id + "/export",
              "{\"page_size\": 25"
                  + (token.isEmpty() ? "" : ", \"continuation_token\": \"" + token + "\"")
                  + "}");
      assertEquals(200, page.status(), page.raw());
      assertTrue(page.body().path("tuples").size() <= 25, page.raw());
      page.body().path("tuples").forEach(t -> assertTrue(seen.add(t.toString()), "twice: " + t));
      token = page.body().path("continuation_token").asText();
      pages++;
    } while (!token.isEmpty() && pages < 1000);
    assertTrue(seen.size() >= 90, "every tuple: " + seen.size());
  }

  @Test
  void aWriterWhoIsNoAdminCannotNameAnotherOrganizationsSetInARawWrite() throws Exception {
    ManagedOrganization org = organization();
    String builtin =
        new String(
            getClass()
                .getResourceAsStream("/io/castellan/server/domain/builtin-model.fga")
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    String withWriters =
        builtin.replace(
            "    define project_admin: [role#assignee]\n",
            "    define project_admin: [role#assignee]\n    define can_write: [user]\n");
    assertEquals(
        201,
        http.post(
                "/v1/orgs/" + org.id + "/models",
                HttpClientSupport.JSON.createObjectNode().put("dsl", withWriters).toString())
            .status());
    org.create("alice", "users", "wanda", null);
    http.post(
        "/v1/orgs/" + org.id + "/write",
        "{\"writes\": {\"tuple_keys\": [{\"object\": \"organization:"
            + org.id
            + "\","
            + " \"relation\": \"can_write\", \"user\": \"user:wanda\"}]}}");
    String tuple =
        "{\"writes\": {\"tuple_keys\": [{\"object\": \"team:t\", \"relation\": \"member\", \"user\": \"%s\"}]}}";
    HttpClientSupport.Response plain =
        org.as("wanda", "POST", "/write", tuple.formatted("user:zed"));
    assertEquals(200, plain.status(), plain.raw());
    long before = org.revision();
    HttpClientSupport.Response foreign =
        org.as("wanda", "POST", "/write", tuple.formatted("team:globex:eng#member"));
    assertEquals(403, foreign.status(), foreign.raw());
    assertEquals(before, org.revision());
    HttpClientSupport.Response byAdmin =
        org.as("alice", "POST", "/write", tuple.formatted("team:globex:eng#member"));
    assertEquals(200, byAdmin.status(), byAdmin.raw());
  }
}
