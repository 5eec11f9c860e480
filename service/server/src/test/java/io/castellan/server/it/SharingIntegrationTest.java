package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sharing across organizations on two nodes: organization A's tuples name a team of organization B
 * ({@code team:<b>:eng}) that B's admins shared with A; checks and lists in A follow it into B's
 * state, wherever B runs; the answer's token covers both; cycles end and long chains are refused;
 * B's audit shows the grant; only A's admins grant it, and without B's consent A learns nothing.
 */
class SharingIntegrationTest {

  private static final AtomicInteger PAIRS = new AtomicInteger();
  private static TestNode[] nodes;
  private static HttpClientSupport viaFirst;
  private static HttpClientSupport viaSecond;

  @BeforeAll
  static void start() throws InterruptedException {
    nodes =
        TestNode.startTwo(TestNode.newKeyspace("sharing_it"), ManagedOrganization.jwtSettings());
    viaFirst = new HttpClientSupport(nodes[0].baseUrl());
    viaSecond = new HttpClientSupport(nodes[1].baseUrl());
  }

  @AfterAll
  static void stop() {
    for (TestNode node : nodes) {
      node.close();
    }
  }

  /** Two organizations hosted on different nodes: acme (admin alice) and globex (admin gus). */
  private static ManagedOrganization[] pairOnTwoNodes() {
    for (int attempt = 0; attempt < 40; attempt++) {
      int n = PAIRS.incrementAndGet();
      ManagedOrganization acme = ManagedOrganization.create(viaFirst, "acme" + n, "alice");
      ManagedOrganization globex = ManagedOrganization.create(viaFirst, "globex" + n, "gus");
      boolean acmeFirst = nodes[0].hostedOrganizations().contains(acme.id);
      boolean globexFirst = nodes[0].hostedOrganizations().contains(globex.id);
      if (acmeFirst != globexFirst) {
        return new ManagedOrganization[] {acme, globex};
      }
    }
    throw new AssertionError("no two organizations on different nodes");
  }

  /** acme's project launch, shared with globex's team eng (hank) and globex's user homer. */
  private static ManagedOrganization[] sharedProject() {
    ManagedOrganization[] pair = pairOnTwoNodes();
    ManagedOrganization acme = pair[0];
    ManagedOrganization globex = pair[1];
    globex.create("gus", "teams", "eng", null);
    globex.add("gus", "teams", "eng", "user:hank", null);
    globex.add("gus", "teams", "eng", "organization:" + acme.id, "shared_with");
    acme.create("alice", "projects", "launch", "\"owner\": \"organization\"");
    acme.add("alice", "projects", "launch", "team:" + globex.id + ":eng", null);
    acme.add("alice", "projects", "launch", "user:homer", null);
    return pair;
  }

  private static HttpClientSupport.Response check(
      HttpClientSupport via,
      String org,
      String object,
      String relation,
      String user,
      String token) {
    String consistency = token == null ? "" : ", \"revision\": \"" + token + "\"";
    return via.post(
        "/v1/orgs/" + org + "/check",
        "{\"tuple_key\": {\"object\": \"%s\", \"relation\": \"%s\", \"user\": \"%s\"}%s}"
            .formatted(object, relation, user, consistency));
  }

  @Test
  void aCheckInOneOrganizationFollowsTheSharedTeamIntoTheOtherThroughEitherNode() {
    ManagedOrganization[] pair = sharedProject();
    for (HttpClientSupport via : List.of(viaFirst, viaSecond)) {
      HttpClientSupport.Response hank =
          check(via, pair[0].id, "project:launch", "view", "user:hank", null);
      assertEquals(200, hank.status(), hank.raw());
      assertTrue(hank.body().path("allowed").asBoolean(), hank.raw());
      assertFalse(
          check(via, pair[0].id, "project:launch", "view", "user:marge", null)
              .body()
              .path("allowed")
              .asBoolean());
    }
  }

  @Test
  void theAnswersTokenCoversBothOrganizations() {
    ManagedOrganization[] pair = sharedProject();
    ManagedOrganization acme = pair[0];
    ManagedOrganization globex = pair[1];
    String token =
        check(viaFirst, acme.id, "project:launch", "view", "user:hank", null)
            .body()
            .path("revision")
            .asText();
    assertTrue(token.matches("r\\d+," + globex.id + ":\\d+"), "a token naming both: " + token);
    // marge joins the team in globex; a check at least as fresh as globex's write sees her
    HttpClientSupport.Response joined =
        globex.ok("gus", "PUT", "/teams/eng/members/user:marge", null);
    String globexRevision = joined.body().path("revision").asText().substring(1);
    String fresher = "r" + acme.revision() + "," + globex.id + ":" + globexRevision;
    HttpClientSupport.Response marge =
        check(viaSecond, acme.id, "project:launch", "view", "user:marge", fresher);
    assertEquals(200, marge.status(), marge.raw());
    assertTrue(marge.body().path("allowed").asBoolean(), marge.raw());
  }

  @Test
  void listsFollowTheSharedTeamToo() {
    ManagedOrganization[] pair = sharedProject();
    ManagedOrganization acme = pair[0];
    for (HttpClientSupport via : List.of(viaFirst, viaSecond)) {
      HttpClientSupport.Response objects =
          via.post(
              "/v1/orgs/" + acme.id + "/list-objects",
              "{\"type\": \"project\", \"relation\": \"view\", \"user\": \"user:hank\"}");
      assertEquals(200, objects.status(), objects.raw());
      assertEquals("[\"project:launch\"]", objects.body().path("objects").toString());
      HttpClientSupport.Response users =
          via.post(
              "/v1/orgs/" + acme.id + "/list-users",
              "{\"object\": {\"type\": \"project\", \"id\": \"launch\"}, \"relation\": \"view\","
                  + " \"user_filters\": [{\"type\": \"user\"}]}");
      assertEquals(200, users.status(), users.raw());
      List<String> ids = new ArrayList<>();
      users.body().path("users").forEach(user -> ids.add(user.path("object").path("id").asText()));
      assertTrue(ids.contains("hank") && ids.contains("homer"), users.raw());
      HttpClientSupport.Response batch =
          via.post(
              "/v1/orgs/" + acme.id + "/batch-check",
              "{\"checks\": [{\"tuple_key\": {\"object\": \"project:launch\", \"relation\":"
                  + " \"view\", \"user\": \"user:hank\"}, \"correlation_id\": \"1\"},"
                  + " {\"tuple_key\": {\"object\": \"project:launch\", \"relation\": \"view\","
                  + " \"user\": \"user:nobody\"}, \"correlation_id\": \"2\"}]}");
      assertEquals(200, batch.status(), batch.raw());
      assertTrue(batch.body().path("result").path("1").path("allowed").asBoolean(), batch.raw());
      assertFalse(batch.body().path("result").path("2").path("allowed").asBoolean());
    }
  }

  @Test
  void onlyTheSharingOrganizationsAdminsGrantAccessToAnotherOrganizationsTeam() {
    ManagedOrganization[] pair = pairOnTwoNodes();
    ManagedOrganization acme = pair[0];
    acme.create("alice", "users", "bob", null);
    acme.create("bob", "projects", "bobs", null);
    long before = acme.revision();
    HttpClientSupport.Response refused =
        acme.as("bob", "PUT", "/projects/bobs/members/team:" + pair[1].id + ":eng", null);
    assertEquals(403, refused.status(), refused.raw());
    assertEquals(before, acme.revision());
  }

  @Test
  void theSharedOrganizationsAuditShowsWhoWasGivenAccessWhere() {
    ManagedOrganization[] pair = sharedProject();
    ManagedOrganization globex = pair[1];
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    JsonNode entry = null;
    while (entry == null && Instant.now().isBefore(deadline)) {
      HttpClientSupport.Response audit =
          viaSecond.send("GET", "/v1/orgs/" + globex.id + "/audit?kind=sharing", null);
      assertEquals(200, audit.status(), audit.raw());
      if (audit.body().path("entries").size() > 0) {
        entry = audit.body().path("entries").get(0);
      }
    }
    assertTrue(entry != null, "a sharing entry in the shared organization's audit");
    assertEquals(pair[0].id, entry.path("by_organization").asText(), entry.toString());
    assertEquals("user:alice", entry.path("actor").asText());
    assertTrue(entry.path("granted").toString().contains("project:launch"), entry.toString());
  }

  @Test
  void theSharingOrganizationNeverSeesTheOtherOrganizationsTuples() {
    ManagedOrganization[] pair = sharedProject();
    HttpClientSupport.Response read =
        viaFirst.post("/v1/orgs/" + pair[0].id + "/read", "{\"page_size\": 100}");
    assertEquals(200, read.status(), read.raw());
    assertFalse(read.raw().contains("user:hank"), read.raw());
  }

  @Test
  void aCycleBetweenTwoOrganizationsEnds() {
    ManagedOrganization[] pair = pairOnTwoNodes();
    ManagedOrganization acme = pair[0];
    ManagedOrganization globex = pair[1];
    acme.create("alice", "teams", "ops", null);
    globex.create("gus", "teams", "eng", null);
    acme.add("alice", "teams", "ops", "team:" + globex.id + ":eng", null);
    globex.add("gus", "teams", "eng", "team:" + acme.id + ":ops", null);
    acme.add("alice", "teams", "ops", "organization:" + globex.id, "shared_with");
    globex.add("gus", "teams", "eng", "organization:" + acme.id, "shared_with");
    acme.add("alice", "teams", "ops", "user:olive", null);
    // acme's project names globex's eng, which names acme's ops, where olive is
    acme.create("alice", "projects", "loop", "\"owner\": \"organization\"");
    acme.add("alice", "projects", "loop", "team:" + globex.id + ":eng", null);
    HttpClientSupport.Response around =
        check(viaFirst, acme.id, "project:loop", "view", "user:olive", null);
    assertTrue(around.body().path("allowed").asBoolean(), "back through acme: " + around.raw());
    HttpClientSupport.Response olive =
        check(viaFirst, globex.id, "team:eng", "member", "user:olive", null);
    assertEquals(200, olive.status(), olive.raw());
    assertTrue(olive.body().path("allowed").asBoolean(), olive.raw());
    HttpClientSupport.Response nobody =
        check(viaSecond, acme.id, "team:ops", "member", "user:nobody", null);
    assertEquals(200, nobody.status(), nobody.raw());
    assertFalse(nobody.body().path("allowed").asBoolean());
  }

  @Test
  void aChainThroughMoreOrganizationsThanTheLimitIsRefusedAsTooComplex() {
    List<ManagedOrganization> chain = new ArrayList<>();
    int n = PAIRS.incrementAndGet();
    for (int i = 0; i < 6; i++) {
      ManagedOrganization org =
          ManagedOrganization.create(viaFirst, "chain" + n + "x" + i, "alice");
      org.create("alice", "teams", "t", null);
      chain.add(org);
    }
    for (int i = 0; i < 5; i++) {
      chain.get(i).add("alice", "teams", "t", "team:" + chain.get(i + 1).id + ":t", null);
      chain.get(i + 1).add("alice", "teams", "t", "organization:" + chain.get(i).id, "shared_with");
    }
    HttpClientSupport.Response deep =
        check(viaFirst, chain.get(0).id, "team:t", "member", "user:zed", null);
    assertEquals(400, deep.status(), deep.raw());
    assertEquals("authorization_model_resolution_too_complex", deep.body().path("code").asText());
    HttpClientSupport.Response shallow =
        check(viaFirst, chain.get(1).id, "team:t", "member", "user:zed", null);
    assertEquals(200, shallow.status(), shallow.raw());
  }

  @Test
  void aTeamTheOtherOrganizationDidNotShareAnswersNothing() {
    ManagedOrganization[] pair = pairOnTwoNodes();
    ManagedOrganization acme = pair[0];
    ManagedOrganization globex = pair[1];
    globex.create("gus", "teams", "eng", null);
    globex.add("gus", "teams", "eng", "user:hank", null);
    acme.create("alice", "teams", "guests", null);
    acme.add("alice", "teams", "guests", "team:" + globex.id + ":eng", null);
    HttpClientSupport.Response before =
        check(viaSecond, acme.id, "team:guests", "member", "user:hank", null);
    assertFalse(before.body().path("allowed").asBoolean(), "not shared: " + before.raw());
    HttpClientSupport.Response listed =
        viaSecond.post(
            "/v1/orgs/" + acme.id + "/list-users",
            "{\"object\": {\"type\": \"team\", \"id\": \"guests\"}, \"relation\": \"member\","
                + " \"user_filters\": [{\"type\": \"user\"}]}");
    assertFalse(listed.raw().contains("hank"), listed.raw());
    globex.create("gus", "users", "gina", null);
    assertEquals(
        403,
        globex
            .as(
                "gina",
                "PUT",
                "/teams/eng/members/organization:" + acme.id + "?relation=shared_with",
                null)
            .status(),
        "only globex's admins share it");
    globex.add("gus", "teams", "eng", "organization:" + acme.id, "shared_with");
    assertTrue(
        check(viaSecond, acme.id, "team:guests", "member", "user:hank", null)
            .body()
            .path("allowed")
            .asBoolean());
  }
}
