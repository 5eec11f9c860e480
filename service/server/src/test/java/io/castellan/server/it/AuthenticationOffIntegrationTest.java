package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Authentication turned off by the explicit setting: every request is allowed, as anonymous. */
class AuthenticationOffIntegrationTest {

  private static TestNode node;
  private static HttpClientSupport http;

  @BeforeAll
  static void start() {
    node = TestNode.startWith(TestNode.newKeyspace("auth_off_it"), "castellan.auth.enabled = off");
    http = new HttpClientSupport(node.baseUrl());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void requestsWithoutACredentialAreAllowed() {
    assertEquals(201, http.send("PUT", "/v1/orgs/open", "{}", "Authorization", "").status());
    assertEquals(200, http.send("GET", "/v1/orgs/open", null, "Authorization", "").status());
  }
}
