package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.castellan.server.auth.TestKeys;
import io.castellan.server.organization.OrganizationEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Callers end to end on the real Cassandra: JWT access tokens signed by keys the test serves from a
 * JWKS endpoint on loopback, API keys, the operator key, and opaque tokens reviewed by an
 * authentication hook on loopback; what each may do in an organization, decided by its tuples; and
 * the caller recorded as the actor of every event.
 */
class AuthenticationIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL =
      """
      {"dsl": "model\\n  schema 1.1\\ntype user\\ntype group\\n  relations\\n    define member: [user]\\ntype organization\\n  relations\\n    define admin: [user, group#member]\\n    define member: [user] or admin\\ntype document\\n  relations\\n    define viewer: [user]\\n"}""";

  private static final TestKeys.SigningKey RSA = TestKeys.rsa("rsa-1");
  private static final TestKeys.SigningKey EC = TestKeys.ec("ec-1");
  private static final TestKeys.SigningKey ED = TestKeys.ed25519("ed-1");
  private static final List<TestKeys.SigningKey> published =
      new CopyOnWriteArrayList<>(List.of(RSA, EC, ED));
  private static final AtomicInteger reviews = new AtomicInteger();

  private static HttpServer identityProvider;
  private static TestNode node;
  private static HttpClientSupport http;

  @BeforeAll
  static void start() throws IOException {
    identityProvider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    identityProvider.createContext(
        "/jwks",
        exchange -> {
          byte[] body = TestKeys.jwks(published).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    identityProvider.createContext(
        "/review",
        exchange -> {
          reviews.incrementAndGet();
          String token =
              JSON.readTree(exchange.getRequestBody()).path("spec").path("token").asText();
          if (token.equals("opaque-while-broken")) { // a hook that fails
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
            return;
          }
          String status =
              token.equals("opaque-alice")
                  ? "{\"authenticated\": true, \"user\": {\"username\": \"alice\", \"groups\": []}}"
                  : "{\"authenticated\": false}";
          byte[] body =
              ("{\"apiVersion\": \"authentication.k8s.io/v1\", \"kind\": \"TokenReview\","
                      + " \"status\": "
                      + status
                      + "}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    identityProvider.start();
    String idp = "http://127.0.0.1:" + identityProvider.getAddress().getPort();
    node =
        TestNode.startWith(
            TestNode.newKeyspace("auth_it"),
            """
            castellan.auth.jwt.jwks-url = "%s/jwks"
            castellan.auth.jwt.issuer = "%s"
            castellan.auth.jwt.audiences = ["%s"]
            castellan.auth.hook.url = "%s/review"
            """
                .formatted(idp, TestKeys.ISSUER, TestKeys.AUDIENCE, idp));
    http = new HttpClientSupport(node.baseUrl());
    createWithModel("acme");
    createWithModel("globex");
    writeTuple("acme", "organization:acme", "member", "user:alice");
    writeTuple("acme", "organization:acme", "admin", "group:admins#member");
    writeTuple("globex", "organization:globex", "member", "user:gina");
  }

  @AfterAll
  static void stop() {
    node.close();
    identityProvider.stop(0);
  }

  private static void createWithModel(String org) {
    assertEquals(201, http.send("PUT", "/v1/orgs/" + org, "{}").status());
    assertEquals(201, http.post("/v1/orgs/" + org + "/models", MODEL).status());
  }

  private static void writeTuple(String org, String object, String relation, String user) {
    HttpClientSupport.Response response = write(org, object, relation, user, null);
    assertEquals(200, response.status(), response.raw());
  }

  private static HttpClientSupport.Response write(
      String org, String object, String relation, String user, String credential) {
    String body =
        "{\"writes\": {\"tuple_keys\": [{\"object\": \"%s\", \"relation\": \"%s\", \"user\": \"%s\"}]}}"
            .formatted(object, relation, user);
    return credential == null
        ? http.post("/v1/orgs/" + org + "/write", body)
        : http.post("/v1/orgs/" + org + "/write", body, "Authorization", "Bearer " + credential);
  }

  private static HttpClientSupport.Response check(String org, String credential) {
    return http.post(
        "/v1/orgs/" + org + "/check",
        "{\"tuple_key\": {\"object\": \"document:1\", \"relation\": \"viewer\", \"user\": \"user:x\"}}",
        "Authorization",
        credential == null ? "" : "Bearer " + credential);
  }

  private static String token(TestKeys.SigningKey key, String subject, List<String> groups) {
    return key.sign(TestKeys.claims(subject, groups).build());
  }

  private static String newKey(String org, String scopes) {
    HttpClientSupport.Response created =
        http.post("/v1/orgs/" + org + "/keys", "{\"scopes\": " + scopes + ", \"name\": \"ci\"}");
    assertEquals(201, created.status(), created.raw());
    return created.body().path("key").asText();
  }

  @Test
  void aRequestWithoutACredentialIsRefusedWith401AndAChallenge() {
    HttpClientSupport.Response response = check("acme", null);
    assertEquals(401, response.status(), response.raw());
    assertEquals("unauthenticated", response.body().path("code").asText());
    assertTrue(response.header("WWW-Authenticate").startsWith("Bearer"), response.raw());
  }

  @Test
  void aBadCredentialIsRefusedWith401SayingNothingOfWhatFailed() {
    String expired =
        RSA.sign(
            TestKeys.claims("alice", List.of())
                .expirationTime(new Date(System.currentTimeMillis() - 3_600_000))
                .build());
    for (String credential :
        List.of(
            "not-the-operator-key",
            expired,
            TestKeys.rsa("rsa-1").sign(TestKeys.claims("alice", List.of()).build()),
            "ck.YWNtZQ.nokey.nosecret")) {
      HttpClientSupport.Response response = check("acme", credential);
      assertEquals(401, response.status(), response.raw());
      assertEquals("unauthenticated", response.body().path("code").asText());
    }
  }

  @Test
  void failedAuthenticationsAreCountedInAMetricOnlyTheOperatorReads() {
    check("acme", "not-a-credential");
    HttpClientSupport.Response metrics = http.send("GET", "/metrics", null);
    assertEquals(200, metrics.status());
    assertTrue(metrics.raw().contains("castellan_auth_failures_total"), metrics.raw());
    String key = newKey("acme", "[\"admin\"]");
    assertEquals(
        403, http.send("GET", "/metrics", null, "Authorization", "Bearer " + key).status());
  }

  @Test
  void tokensSignedWithRs256Es256AndEdDsaFromTheJwksAreAccepted() {
    for (TestKeys.SigningKey key : List.of(RSA, EC, ED)) {
      HttpClientSupport.Response response = check("acme", token(key, "alice", List.of()));
      assertEquals(200, response.status(), key.kid() + " " + response.raw());
    }
  }

  @Test
  void aKeyTheIdentityProviderPublishesLaterIsUsedWithoutARestart() {
    TestKeys.SigningKey rotated = TestKeys.rsa("rsa-2");
    published.add(rotated);
    HttpClientSupport.Response response = check("acme", token(rotated, "alice", List.of()));
    assertEquals(200, response.status(), response.raw());
  }

  @Test
  void aMemberMayReadButNotWriteTuples() {
    String alice = token(RSA, "alice", List.of());
    assertEquals(200, check("acme", alice).status());
    HttpClientSupport.Response write = write("acme", "document:1", "viewer", "user:x", alice);
    assertEquals(403, write.status(), write.raw());
    assertEquals("forbidden", write.body().path("code").asText());
  }

  @Test
  void anAdminRoleGivenToAGroupAppliesWhenTheTokenCarriesTheGroup() {
    String withGroup = token(EC, "bob", List.of("admins"));
    assertEquals(200, write("acme", "document:2", "viewer", "user:y", withGroup).status());
    String without = token(EC, "bob", List.of());
    assertEquals(404, write("acme", "document:2", "viewer", "user:z", without).status());
  }

  @Test
  void aUserWithNoRelationToAnOrganizationIsToldItDoesNotExist() {
    HttpClientSupport.Response response = check("globex", token(RSA, "alice", List.of()));
    assertEquals(404, response.status(), response.raw());
    assertEquals("store_id_not_found", response.body().path("code").asText());
  }

  @Test
  void anApiKeyIsShownOnceListedWithoutSecretsAndHeldToItsScopes() {
    String key = newKey("acme", "[\"read\"]");
    assertEquals(200, check("acme", key).status());
    assertEquals(403, write("acme", "document:3", "viewer", "user:x", key).status());
    HttpClientSupport.Response listed = http.send("GET", "/v1/orgs/acme/keys", null);
    assertEquals(200, listed.status(), listed.raw());
    assertFalse(listed.raw().contains(key.substring(key.lastIndexOf('.') + 1)), listed.raw());
    assertFalse(listed.raw().contains("hash"), listed.raw());
    assertTrue(listed.body().path("keys").size() >= 1);
  }

  @Test
  void aRevokedApiKeyIsRefusedWith401() {
    String key = newKey("acme", "[\"read\"]");
    String id = key.split("\\.")[2];
    assertEquals(200, http.send("DELETE", "/v1/orgs/acme/keys/" + id, null).status());
    HttpClientSupport.Response response = check("acme", key);
    assertEquals(401, response.status(), response.raw());
  }

  @Test
  void anApiKeyOfOneOrganizationFindsNoOther() {
    String key = newKey("acme", "[\"admin\"]");
    HttpClientSupport.Response response = check("globex", key);
    assertEquals(404, response.status(), response.raw());
  }

  @Test
  void listingStoresShowsOnlyWhatTheCallerMayRead() {
    List<String> all = storeNames(http.send("GET", "/stores", null));
    assertTrue(all.containsAll(List.of("acme", "globex")), all.toString());
    String gina = token(RSA, "gina", List.of());
    assertEquals(
        List.of("globex"),
        storeNames(http.send("GET", "/stores", null, "Authorization", "Bearer " + gina)));
    String acmeKey = newKey("acme", "[\"read\"]");
    assertEquals(
        List.of("acme"),
        storeNames(http.send("GET", "/stores", null, "Authorization", "Bearer " + acmeKey)));
  }

  private static List<String> storeNames(HttpClientSupport.Response response) {
    assertEquals(200, response.status(), response.raw());
    List<String> names = new ArrayList<>();
    response.body().path("stores").forEach(store -> names.add(store.path("id").asText()));
    return names;
  }

  @Test
  void anOpaqueTokenIsReviewedByTheHookOnceAndThenRemembered() {
    int before = reviews.get();
    assertEquals(200, check("acme", "opaque-alice").status());
    assertEquals(200, check("acme", "opaque-alice").status());
    assertEquals(1, reviews.get() - before);
    assertEquals(401, check("acme", "opaque-nobody").status());
    assertEquals(401, check("acme", "opaque-nobody").status());
    assertEquals(2, reviews.get() - before); // a refusal is remembered too
  }

  @Test
  void whenTheHookFailsRequestsAreRefused() {
    HttpClientSupport.Response response = check("acme", "opaque-while-broken");
    assertEquals(503, response.status(), response.raw());
    assertEquals("authentication_unavailable", response.body().path("code").asText());
  }

  @Test
  void theActorOfEveryChangeIsTheAuthenticatedCaller() throws Exception {
    writeTuple("acme", "document:10", "viewer", "user:by-operator");
    write("acme", "document:11", "viewer", "user:by-bob", token(RSA, "bob", List.of("admins")));
    String key = newKey("acme", "[\"write\"]");
    write("acme", "document:12", "viewer", "user:by-key", key);
    List<String> actors = actors("acme");
    assertTrue(actors.contains("operator"), actors.toString());
    assertTrue(actors.contains("user:bob"), actors.toString());
    assertTrue(actors.contains("key:" + key.split("\\.")[2]), actors.toString());
    assertFalse(actors.contains("anonymous"), actors.toString());
  }

  /** The actors of the organization's events, read from the journal. */
  private static List<String> actors(String org) throws Exception {
    CassandraReadJournal journal =
        PersistenceQuery.get(node.system())
            .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    return journal
        .currentEventsByPersistenceId("Organization|" + org, 0, Long.MAX_VALUE)
        .map(EventEnvelope::event)
        .map(event -> ((OrganizationEvent) event).metadata().actor())
        .runWith(Sink.seq(), node.system())
        .toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
  }
}
