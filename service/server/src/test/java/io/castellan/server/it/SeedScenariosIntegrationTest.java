package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seeds' scenarios, each a test named for it, on a real node with Cassandra: organizations with
 * the built-in model, managed over HTTP by their own users (tokens of a test identity provider), so
 * that every rule is decided by the organization's own tuples. The user and permissions seed's MVP
 * rules are read as: admins are members; only admins add users and create teams and change their
 * members; any member creates projects (owned by a user or the organization), a non-member cannot;
 * projects' members are users or teams; deleting a team removes it from everything at once.
 */
class SeedScenariosIntegrationTest {

  private static final AtomicInteger ORGANIZATIONS = new AtomicInteger();
  private static TestNode node;
  private static HttpClientSupport http;

  @BeforeAll
  static void start() {
    node = TestNode.startWith(TestNode.newKeyspace("seeds_it"), ManagedOrganization.jwtSettings());
    http = new HttpClientSupport(node.baseUrl());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A new organization whose first admin is alice, with bob and erin added as members. */
  private static ManagedOrganization acme() {
    ManagedOrganization acme =
        ManagedOrganization.create(http, "acme" + ORGANIZATIONS.incrementAndGet(), "alice");
    acme.create("alice", "users", "bob", "\"name\": \"Bob\"");
    acme.create("alice", "users", "erin", null);
    return acme;
  }

  // the user and permissions seed's MVP rules

  @Test
  void mvpAnOrganizationsAdminsAreItsMembers() {
    ManagedOrganization acme = acme();
    assertTrue(acme.allows("organization:" + acme.id, "member", "user:alice"));
    assertTrue(acme.allows("organization:" + acme.id, "member", "user:bob"));
    assertFalse(acme.allows("organization:" + acme.id, "admin", "user:bob"));
  }

  @Test
  void mvpOnlyTheOrganizationsAdminsAddUsers() {
    ManagedOrganization acme = acme();
    long before = acme.revision();
    assertEquals(403, acme.as("bob", "POST", "/users", "{\"id\": \"mallory\"}").status());
    assertEquals(before, acme.revision(), "a refused change persists nothing");
    acme.create("alice", "users", "carol", null);
    assertTrue(acme.allows("organization:" + acme.id, "member", "user:carol"));
  }

  @Test
  void mvpOnlyTheOrganizationsAdminsCreateTeamsAndAddTheirMembers() {
    ManagedOrganization acme = acme();
    assertEquals(403, acme.as("bob", "POST", "/teams", "{\"id\": \"eng\"}").status());
    acme.create("alice", "teams", "eng", "\"name\": \"Engineering\"");
    assertEquals(403, acme.as("bob", "PUT", "/teams/eng/members/user:bob", null).status());
    acme.add("alice", "teams", "eng", "user:bob", null);
    assertTrue(acme.allows("team:eng", "member", "user:bob"));
  }

  @Test
  void mvpAMemberOfTheOrganizationCreatesAProjectANonMemberCannot() {
    ManagedOrganization acme = acme();
    acme.create("bob", "projects", "website", null);
    long before = acme.revision();
    HttpClientSupport.Response outsider =
        acme.as("mallory", "POST", "/projects", "{\"id\": \"mine\"}");
    assertEquals(404, outsider.status(), "an outsider is not told the organization exists");
    assertEquals(before, acme.revision());
  }

  @Test
  void mvpAProjectIsOwnedByAUserOrByTheOrganization() {
    ManagedOrganization acme = acme();
    acme.create("bob", "projects", "bobs", null);
    acme.create("bob", "projects", "shared", "\"owner\": \"organization\"");
    assertEquals(
        "user:bob", acme.ok("bob", "GET", "/projects/bobs", null).body().path("owner").asText());
    assertEquals(
        "organization",
        acme.ok("bob", "GET", "/projects/shared", null).body().path("owner").asText());
    assertTrue(acme.allows("project:bobs", "admin", "user:bob"));
    assertTrue(acme.allows("project:bobs", "admin", "user:alice"), "bob's admins administer it");
    assertTrue(acme.allows("project:shared", "admin", "user:alice"));
    assertFalse(acme.allows("project:shared", "admin", "user:bob"));
    assertFalse(acme.allows("project:bobs", "admin", "user:erin"));
  }

  @Test
  void mvpAProjectsMembersAreUsersOrTeams() {
    ManagedOrganization acme = acme();
    acme.create("alice", "users", "carol", null);
    acme.create("alice", "teams", "eng", null);
    acme.add("alice", "teams", "eng", "user:carol", null);
    acme.create("bob", "projects", "website", null);
    acme.add("bob", "projects", "website", "team:eng", null);
    acme.add("bob", "projects", "website", "user:erin", null);
    assertTrue(acme.allows("project:website", "view", "user:carol"));
    assertTrue(acme.allows("project:website", "view", "user:erin"));
    assertFalse(acme.allows("project:website", "view", "user:frank"));
    assertEquals(
        "[\"team:eng\",\"user:erin\"]",
        acme.ok("bob", "GET", "/projects/website/members", null).body().path("members").toString());
  }

  @Test
  void mvpDeletingATeamRemovesItFromEverythingInOneChange() {
    ManagedOrganization acme = acme();
    acme.create("alice", "teams", "eng", null);
    acme.add("alice", "teams", "eng", "user:erin", null);
    acme.create("bob", "projects", "website", null);
    acme.add("bob", "projects", "website", "team:eng", null);
    assertTrue(acme.allows("project:website", "view", "user:erin"));
    long before = acme.revision();
    acme.ok("alice", "DELETE", "/teams/eng", null);
    assertEquals(before + 1, acme.revision(), "one event");
    assertFalse(acme.allows("project:website", "view", "user:erin"));
    assertEquals(404, acme.as("alice", "GET", "/teams/eng", null).status());
    assertEquals(
        "[]",
        acme.ok("bob", "GET", "/projects/website/members", null).body().path("members").toString());
  }

  // the entitlements seed

  @Test
  void articlesICreateAreVisibleToMyOrganizationsAdministrators() {
    ManagedOrganization acme = acme();
    acme.create("bob", "documents", "article1", "\"name\": \"Draft\"");
    assertTrue(acme.allows("document:article1", "view", "user:bob"));
    assertTrue(acme.allows("document:article1", "view", "user:alice"));
    assertFalse(acme.allows("document:article1", "view", "user:erin"));
  }

  @Test
  void aPremiumSubscriberSeesEveryPremiumArticleWithoutBeingAddedToEach() {
    ManagedOrganization acme = acme();
    acme.create("alice", "groups", "premium", "\"name\": \"Premium subscribers\"");
    acme.create("bob", "documents", "article1", null);
    acme.add("bob", "documents", "article1", "group:premium", null);
    acme.create("alice", "users", "sub", null);
    acme.add("alice", "groups", "premium", "user:sub", null);
    acme.create("bob", "documents", "article2", null);
    acme.add("bob", "documents", "article2", "group:premium", null);
    acme.create("bob", "documents", "free", null);
    assertTrue(acme.allows("document:article1", "view", "user:sub"));
    assertTrue(acme.allows("document:article2", "view", "user:sub"), "added once, to the group");
    assertFalse(acme.allows("document:free", "view", "user:sub"));
  }

  @Test
  void theAdministratorOfAcmeViewsAndEditsAllArticlesItsEmployeesPublished() {
    ManagedOrganization acme = acme();
    acme.create("bob", "documents", "by-bob", null);
    acme.create("erin", "documents", "by-erin", null);
    for (String article : new String[] {"document:by-bob", "document:by-erin"}) {
      assertTrue(acme.allows(article, "view", "user:alice"));
      assertTrue(acme.allows(article, "edit", "user:alice"));
    }
    assertFalse(acme.allows("document:by-bob", "edit", "user:erin"), "a colleague is no admin");
    assertFalse(acme.allows("document:by-bob", "view", "user:erin"));
  }

  @Test
  void aUserPublishesAnArticleAndChoosesWhomToShareItWith() {
    ManagedOrganization acme = acme();
    acme.create("alice", "users", "carol", null);
    acme.create("alice", "teams", "eng", null);
    acme.add("alice", "teams", "eng", "user:carol", null);
    acme.create("bob", "documents", "post", null);
    acme.add("bob", "documents", "post", "user:erin", "viewer");
    acme.add("bob", "documents", "post", "team:eng", null);
    assertTrue(acme.allows("document:post", "view", "user:erin"));
    assertTrue(acme.allows("document:post", "view", "user:carol"));
    assertFalse(acme.allows("document:post", "view", "user:frank"));
    assertEquals(
        403,
        acme.as("erin", "PUT", "/documents/post/members/user:frank", null).status(),
        "a reader does not share it on");
    acme.add("bob", "documents", "post", "user:*", null);
    assertTrue(acme.allows("document:post", "view", "user:frank"), "published to everyone");
  }

  @Test
  void addingAUserToAGroupNeedsAdminOnThatUser() {
    ManagedOrganization acme = acme();
    acme.create("bob", "groups", "readers", null);
    assertTrue(acme.allows("group:readers", "add_member", "user:bob"), "its creator");
    long before = acme.revision();
    HttpClientSupport.Response refused =
        acme.as("bob", "PUT", "/groups/readers/members/user:erin", null);
    assertEquals(403, refused.status(), refused.raw());
    assertEquals(before, acme.revision());
    acme.add("alice", "users", "erin", "user:bob", "manager");
    acme.add("bob", "groups", "readers", "user:erin", null);
    assertTrue(acme.allows("group:readers", "member", "user:erin"));
    acme.add("alice", "groups", "readers", "user:alice", null);
    assertTrue(acme.allows("group:readers", "member", "user:alice"));
    // the group's per-verb lists: erin may now add members, and still needs admin on them
    assertEquals(
        403,
        acme.as("erin", "PUT", "/groups/readers/members/user:erin?relation=add_member", null)
            .status());
    acme.add("bob", "groups", "readers", "user:erin", "add_member");
    assertTrue(acme.allows("group:readers", "add_member", "user:erin"));
    assertEquals(403, acme.as("erin", "PUT", "/groups/readers/members/user:bob", null).status());
  }

  // the RBAC seed

  private static void rbacRoles(ManagedOrganization acme) {
    acme.create(
        "alice",
        "roles",
        "admin",
        "\"permissions\": [\"view_users\", \"create_role\", \"view_permissions\"]");
    acme.create(
        "alice", "roles", "engineer", "\"permissions\": [\"view_users\", \"view_permissions\"]");
    acme.create("alice", "roles", "analyst", "\"permissions\": [\"view_users\"]");
  }

  @Test
  void theRbacSeedsRolesGrantTheirPermissions() {
    ManagedOrganization acme = acme();
    rbacRoles(acme);
    acme.create("alice", "users", "ann", null);
    acme.create("alice", "users", "ed", null);
    acme.create("alice", "users", "al", null);
    acme.ok("alice", "PUT", "/roles/admin/assignments/ann", null);
    acme.ok("alice", "PUT", "/roles/engineer/assignments/user:ed", null);
    acme.ok("alice", "PUT", "/roles/analyst/assignments/al", null);
    String[][] expected = {
      {"ann", "view_users", "true"}, {"ann", "create_role", "true"},
      {"ann", "view_permissions", "true"}, {"ed", "view_users", "true"},
      {"ed", "create_role", "false"}, {"ed", "view_permissions", "true"},
      {"al", "view_users", "true"}, {"al", "create_role", "false"},
      {"al", "view_permissions", "false"}
    };
    for (String[] row : expected) {
      assertEquals(
          Boolean.parseBoolean(row[2]),
          acme.allows("permission:" + row[1], "granted", "user:" + row[0]),
          row[0] + " " + row[1]);
    }
    acme.create("ann", "roles", "auditor", "\"permissions\": [\"view_permissions\"]");
    assertEquals(
        403,
        acme.as("ed", "POST", "/roles", "{\"id\": \"x\"}").status(),
        "create_role decides who creates roles");
  }

  @Test
  void aNewRoleSupportIsAddedAndAssignedLiveWithoutARestart() {
    ManagedOrganization acme = acme();
    rbacRoles(acme);
    acme.create("alice", "users", "sam", null);
    acme.create("alice", "roles", "support", "\"permissions\": [\"view_users\", \"view_tickets\"]");
    acme.ok("alice", "PUT", "/roles/support/assignments/sam", null);
    assertTrue(acme.allows("permission:view_tickets", "granted", "user:sam"));
    acme.ok("alice", "PATCH", "/roles/support", "{\"permissions\": [\"view_tickets\"]}");
    assertFalse(acme.allows("permission:view_users", "granted", "user:sam"));
    assertEquals(
        "[\"view_tickets\"]",
        acme.ok("alice", "GET", "/roles/support", null).body().path("permissions").toString());
    acme.ok("alice", "DELETE", "/roles/support/assignments/sam", null);
    assertFalse(acme.allows("permission:view_tickets", "granted", "user:sam"));
  }

  @Test
  void aRoleAssignedWithAProjectScopeGrantsItsPermissionsThereOnly() {
    ManagedOrganization acme = acme();
    acme.create("alice", "projects", "marketing", "\"owner\": \"organization\"");
    acme.create("alice", "projects", "sales", "\"owner\": \"organization\"");
    acme.create("alice", "roles", "viewer", "\"permissions\": [\"view\"]");
    acme.ok("alice", "PUT", "/roles/viewer/assignments/bob?scope=project:marketing", null);
    assertTrue(acme.allows("project:marketing", "view", "user:bob"));
    assertFalse(acme.allows("project:sales", "view", "user:bob"));
    acme.ok("alice", "PUT", "/roles/viewer/assignments/erin", null);
    assertTrue(acme.allows("project:marketing", "view", "user:erin"));
    assertTrue(acme.allows("project:sales", "view", "user:erin"));
    assertEquals(
        "[\"user:bob@project:marketing\",\"user:erin\"]",
        acme.ok("alice", "GET", "/roles/viewer/assignments", null)
            .body()
            .path("assignments")
            .toString());
    acme.ok("alice", "PATCH", "/roles/viewer", "{\"permissions\": [\"edit\"]}");
    assertTrue(
        acme.allows("project:marketing", "edit", "user:bob"), "the binding follows the role");
    assertFalse(acme.allows("project:sales", "edit", "user:bob"));
  }

  // DoneDone

  @Test
  void aWholeCompanyOnAProject() {
    ManagedOrganization acme = acme();
    acme.create("alice", "teams", "globex", "\"name\": \"Globex Corporation\"");
    acme.add("alice", "teams", "globex", "user:hank", null);
    acme.add("alice", "teams", "globex", "user:homer", null);
    acme.create("alice", "projects", "launch", "\"owner\": \"organization\"");
    acme.add("alice", "projects", "launch", "team:globex", null);
    assertTrue(acme.allows("project:launch", "view", "user:hank"));
    assertTrue(acme.allows("project:launch", "view", "user:homer"));
    acme.add("alice", "teams", "globex", "user:marge", null);
    assertTrue(acme.allows("project:launch", "view", "user:marge"), "joins with the company");
  }

  @Test
  void aContractorOutsideEveryCompanyOnAProject() {
    ManagedOrganization acme = acme();
    acme.create("alice", "projects", "launch", "\"owner\": \"organization\"");
    acme.create("alice", "projects", "secret", "\"owner\": \"organization\"");
    acme.add("alice", "projects", "launch", "user:contractor", null);
    assertTrue(acme.allows("project:launch", "view", "user:contractor"));
    assertFalse(acme.allows("project:secret", "view", "user:contractor"));
    assertFalse(acme.allows("organization:" + acme.id, "member", "user:contractor"));
    assertEquals(
        404,
        acme.as("contractor", "POST", "/projects", "{\"id\": \"own\"}").status(),
        "not a member of the organization");
  }

  @Test
  void anIssueHiddenFromSomePeopleOfACompany() {
    ManagedOrganization acme = acme();
    acme.create("alice", "teams", "globex", null);
    acme.add("alice", "teams", "globex", "user:hank", null);
    acme.add("alice", "teams", "globex", "user:homer", null);
    acme.create("alice", "projects", "launch", "\"owner\": \"organization\"");
    acme.add("alice", "projects", "launch", "team:globex", null);
    acme.create("alice", "documents", "issue-7", "\"project\": \"launch\"");
    assertTrue(acme.allows("document:issue-7", "view", "user:homer"));
    acme.add("alice", "documents", "issue-7", "user:homer", "hidden_from");
    assertFalse(acme.allows("document:issue-7", "view", "user:homer"));
    assertTrue(acme.allows("document:issue-7", "view", "user:hank"));
    assertTrue(acme.allows("project:launch", "view", "user:homer"), "the rest stays visible");
  }

  @Test
  void aProjectOfOneOrganizationSharedWithUsersAndTeamsOfAnother() {
    ManagedOrganization acme = acme();
    ManagedOrganization initech =
        ManagedOrganization.create(http, "initech" + ORGANIZATIONS.incrementAndGet(), "bill");
    initech.create("bill", "teams", "eng", null);
    initech.add("bill", "teams", "eng", "user:peter", null);
    initech.add("bill", "teams", "eng", "organization:" + acme.id, "shared_with");
    acme.create("alice", "projects", "launch", "\"owner\": \"organization\"");
    acme.add("alice", "projects", "launch", "team:" + initech.id + ":eng", null);
    acme.add("alice", "projects", "launch", "user:milton", null);
    assertTrue(acme.allows("project:launch", "view", "user:peter"), "initech's team");
    assertTrue(acme.allows("project:launch", "view", "user:milton"), "initech's user");
    assertFalse(acme.allows("project:launch", "view", "user:samir"));
    initech.add("bill", "teams", "eng", "user:samir", null);
    assertTrue(acme.allows("project:launch", "view", "user:samir"), "joins in initech, sees it");
    assertEquals(
        "[\"team:" + initech.id + ":eng\",\"user:milton\"]",
        acme.ok("alice", "GET", "/projects/launch/members", null)
            .body()
            .path("members")
            .toString());
  }
}
