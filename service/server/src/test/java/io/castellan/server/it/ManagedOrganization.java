package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.castellan.server.auth.TestKeys;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One organization with the built-in model, driven over HTTP as its users: each request carries a
 * token the test's identity provider signed for that user (so the server decides with the
 * organization's own tuples what they may do).
 */
final class ManagedOrganization {

  static final TestKeys.SigningKey IDP = TestKeys.rsa("idp-domain");

  /** The node settings that trust {@link #IDP}. */
  static String jwtSettings() {
    return """
        castellan.auth.jwt.public-keys = [\"\"\"%s\"\"\"]
        castellan.auth.jwt.issuer = "%s"
        castellan.auth.jwt.audiences = ["%s"]
        castellan.auth.failed-attempts.threshold = 1000
        castellan.auth.rate-limits.admin.per-second = 10000
        castellan.auth.rate-limits.admin.burst = 10000
        """
        .formatted(IDP.publicPem(), TestKeys.ISSUER, TestKeys.AUDIENCE);
  }

  private static final Map<String, Signed> TOKENS = new ConcurrentHashMap<>();

  final String id;
  private final HttpClientSupport http;

  private ManagedOrganization(String id, HttpClientSupport http) {
    this.id = id;
    this.http = http;
  }

  /** Created by the operator with the built-in model and {@code admin} as its first admin. */
  static ManagedOrganization create(HttpClientSupport http, String id, String admin) {
    HttpClientSupport.Response created =
        http.send("PUT", "/v1/orgs/" + id, "{\"admins\": [\"user:" + admin + "\"]}");
    assertEquals(201, created.status(), created.raw());
    return new ManagedOrganization(id, http);
  }

  /**
   * A token of {@code user}'s, signed again once it is two minutes old: tokens live five minutes,
   * and the whole test run (one JVM, one cache) lasts longer.
   */
  static String token(String user) {
    return TOKENS
        .compute(
            user,
            (name, signed) ->
                signed != null && signed.at().isAfter(Instant.now().minusSeconds(120))
                    ? signed
                    : new Signed(IDP.sign(TestKeys.claims(name, List.of()).build()), Instant.now()))
        .token();
  }

  private record Signed(String token, Instant at) {}

  /** A request by {@code user} to a path under the organization ({@code /teams}). */
  HttpClientSupport.Response as(String user, String method, String path, String body) {
    return http.send(
        method, "/v1/orgs/" + id + path, body, "Authorization", "Bearer " + token(user));
  }

  /** The same request by {@code user}, which must succeed (2xx). */
  HttpClientSupport.Response ok(String user, String method, String path, String body) {
    HttpClientSupport.Response response = as(user, method, path, body);
    assertEquals(
        true,
        response.status() / 100 == 2,
        user + " " + method + " " + path + ": " + response.status() + " " + response.raw());
    return response;
  }

  /** Creates an entity as {@code user}: {@code POST /<collection>} with {@code id} and more. */
  void create(String user, String collection, String id, String more) {
    ok(
        user,
        "POST",
        "/" + collection,
        "{\"id\": \"" + id + "\"" + (more == null ? "" : ", " + more) + "}");
  }

  /** Adds {@code member} to {@code collection/id} as {@code user} ({@code relation}: default). */
  void add(String user, String collection, String id, String member, String relation) {
    ok(
        user,
        "PUT",
        "/"
            + collection
            + "/"
            + id
            + "/members/"
            + member
            + (relation == null ? "" : "?relation=" + relation),
        null);
  }

  /** The operator's check: does {@code subject} have {@code relation} on {@code object}? */
  boolean allows(String object, String relation, String subject) {
    HttpClientSupport.Response response =
        http.post(
            "/v1/orgs/" + id + "/check",
            "{\"tuple_key\": {\"object\": \"%s\", \"relation\": \"%s\", \"user\": \"%s\"}}"
                .formatted(object, relation, subject));
    assertEquals(200, response.status(), response.raw());
    return response.body().path("allowed").asBoolean();
  }

  long revision() {
    HttpClientSupport.Response response = http.send("GET", "/v1/orgs/" + id, null);
    assertEquals(200, response.status(), response.raw());
    return Long.parseLong(response.body().path("revision").asText().substring(1));
  }
}
