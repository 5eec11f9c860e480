package io.castellan.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.castellan.engine.model.ModelLoader;
import io.castellan.engine.query.Queries;
import io.castellan.engine.query.QueryOptions;
import io.castellan.engine.query.TupleKey;
import io.castellan.engine.store.TupleStore;
import io.castellan.protocol.Scope;
import io.castellan.server.organization.AccessPolicy.Access;
import io.castellan.server.organization.ApiKey;
import io.castellan.server.organization.Caller;
import io.castellan.server.organization.IdempotencyKeys;
import io.castellan.server.organization.ModelVersion;
import io.castellan.server.organization.OrganizationState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each caller may do in an organization, decided from its own tuples. */
class OrganizationAccessTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final String MODEL =
      """
      model
        schema 1.1
      type user
      type group
        relations
          define member: [user]
      type organization
        relations
          define admin: [user, group#member]
          define member: [user] or admin
          define can_write: [user]
      """;

  private final OrganizationAccess access =
      new OrganizationAccess(
          new Queries(new QueryOptions(25, 1000, 100, 100)), Clock.fixed(NOW, ZoneOffset.UTC));

  private static OrganizationState acme(List<String> tuples, Map<String, ApiKey> keys) {
    var model = ModelLoader.fromDsl(MODEL).withId("m1");
    return new OrganizationState(
        "acme",
        OrganizationState.Status.ACTIVE,
        "Acme",
        NOW,
        3,
        List.of(new ModelVersion("m1", "{}", NOW, model)),
        TupleStore.of(
            tuples.stream()
                .map(
                    text -> {
                      String[] parts = text.split(" ");
                      return TupleKey.of(parts[0], parts[1], parts[2]).parse();
                    })
                .toList()),
        IdempotencyKeys.EMPTY,
        keys,
        Map.of(),
        Map.of());
  }

  private static final OrganizationState ACME =
      acme(
          List.of(
              "organization:acme admin user:ada",
              "organization:acme member user:mel",
              "organization:acme can_write user:wes",
              "organization:acme admin group:admins#member"),
          Map.of(
              "read-key", key("read-key", Set.of(Scope.READ), null, null),
              "admin-key", key("admin-key", Set.of(Scope.ADMIN), null, null),
              "revoked", key("revoked", Set.of(Scope.READ), null, NOW.minusSeconds(1)),
              "expired", key("expired", Set.of(Scope.READ), NOW.minusSeconds(1), null)));

  private static ApiKey key(String id, Set<Scope> scopes, Instant expires, Instant revoked) {
    return new ApiKey(
        id, id, scopes, ApiKeys.hash("secret-" + id), NOW, "operator", expires, revoked);
  }

  private Access decide(Caller caller, Scope scope) {
    return access.decide(ACME, caller, scope);
  }

  private static Caller key(String id) {
    return Caller.key("acme", id, ApiKeys.hash("secret-" + id));
  }

  @Test
  void theOperatorMayDoEverything() {
    for (Scope scope : Scope.values()) {
      assertEquals(Access.ALLOWED, decide(Caller.OPERATOR, scope));
    }
  }

  @Test
  void onlyTheOperatorCreatesOrganizations() {
    OrganizationState absent = OrganizationState.empty("new");
    assertEquals(Access.ALLOWED, access.decide(absent, Caller.OPERATOR, Scope.ADMIN));
    assertEquals(
        Access.FORBIDDEN, access.decide(absent, Caller.user("ada", Set.of()), Scope.ADMIN));
    assertEquals(Access.FORBIDDEN, access.decide(absent, key("admin-key"), Scope.ADMIN));
  }

  @Test
  void anApiKeyHasItsScopesAndAdminIncludesThemAll() {
    assertEquals(Access.ALLOWED, decide(key("read-key"), Scope.READ));
    assertEquals(Access.FORBIDDEN, decide(key("read-key"), Scope.WRITE));
    assertEquals(Access.ALLOWED, decide(key("admin-key"), Scope.WRITE));
    assertEquals(Access.ALLOWED, decide(key("admin-key"), Scope.AUDIT));
  }

  @Test
  void anApiKeyRevokedExpiredUnknownOrWithAnotherSecretIsNoCredential() {
    assertEquals(Access.INVALID_CREDENTIAL, decide(key("revoked"), Scope.READ));
    assertEquals(Access.INVALID_CREDENTIAL, decide(key("expired"), Scope.READ));
    assertEquals(Access.INVALID_CREDENTIAL, decide(key("nobody"), Scope.READ));
    assertEquals(
        Access.INVALID_CREDENTIAL,
        decide(Caller.key("acme", "read-key", ApiKeys.hash("guess")), Scope.READ));
  }

  @Test
  void anApiKeyOfAnotherOrganizationSeesNothing() {
    assertEquals(
        Access.HIDDEN,
        decide(Caller.key("other", "read-key", ApiKeys.hash("secret-read-key")), Scope.READ));
  }

  @Test
  void anAdminMayDoEverythingAndAMemberReadAndWatch() {
    Caller ada = Caller.user("ada", Set.of());
    Caller mel = Caller.user("mel", Set.of());
    assertEquals(Access.ALLOWED, decide(ada, Scope.ADMIN));
    assertEquals(Access.ALLOWED, decide(mel, Scope.READ));
    assertEquals(Access.ALLOWED, decide(mel, Scope.WATCH));
    assertEquals(Access.FORBIDDEN, decide(mel, Scope.WRITE));
    assertEquals(Access.FORBIDDEN, decide(mel, Scope.ADMIN));
  }

  @Test
  void aCanRelationTheModelDefinesGrantsItsScope() {
    Caller wes = Caller.user("wes", Set.of());
    assertEquals(Access.ALLOWED, decide(wes, Scope.WRITE));
    assertEquals(Access.HIDDEN, decide(wes, Scope.READ)); // no member, no can_read
  }

  @Test
  void aRoleGivenToAGroupAppliesToATokenCarryingThatGroup() {
    assertEquals(Access.ALLOWED, decide(Caller.user("gus", Set.of("admins")), Scope.ADMIN));
    assertEquals(Access.HIDDEN, decide(Caller.user("gus", Set.of()), Scope.ADMIN));
    assertEquals(Access.HIDDEN, decide(Caller.user("gus", Set.of("interns")), Scope.READ));
  }

  @Test
  void aUserWithNoRelationToTheOrganizationIsToldItDoesNotExist() {
    assertEquals(Access.HIDDEN, decide(Caller.user("eve", Set.of()), Scope.READ));
  }
}
