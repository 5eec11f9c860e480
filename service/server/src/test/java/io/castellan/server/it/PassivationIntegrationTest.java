package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An organization neither changed nor read for {@code passivate-after} (2 s here) leaves memory,
 * and its next request brings it back as it was; one that is only read stays (reads do not pass
 * through its entity, so the snapshot registry tells it when it was last read).
 */
class PassivationIntegrationTest {

  private static TestNode node;
  private static HttpClientSupport http;

  @BeforeAll
  static void start() {
    node =
        TestNode.startWith(
            TestNode.newKeyspace("passivation_it"), "castellan.organization.passivate-after = 2 s");
    http = new HttpClientSupport(node.baseUrl());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static void createWithATuple(String org) {
    assertEquals(201, http.send("PUT", "/v1/orgs/" + org, "{}").status());
    assertEquals(
        200,
        http.post(
                "/v1/orgs/" + org + "/write",
                "{\"writes\": {\"tuple_keys\": [{\"object\": \"organization:"
                    + org
                    + "\","
                    + " \"relation\": \"admin\", \"user\": \"user:alice\"}]}}")
            .status());
  }

  private static boolean allowed(String org) {
    HttpClientSupport.Response check =
        http.post(
            "/v1/orgs/" + org + "/check",
            "{\"tuple_key\": {\"object\": \"organization:"
                + org
                + "\", \"relation\": \"member\","
                + " \"user\": \"user:alice\"}}");
    assertEquals(200, check.status(), check.raw());
    return check.body().path("allowed").asBoolean();
  }

  @Test
  void anIdleOrganizationLeavesMemoryAndComesBackAsItWasOnItsNextRequest() throws Exception {
    createWithATuple("idle");
    assertTrue(node.hostedOrganizations().contains("idle"));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (node.hostedOrganizations().contains("idle") && Instant.now().isBefore(deadline)) {
      Thread.sleep(250);
    }
    assertTrue(!node.hostedOrganizations().contains("idle"), "passivated within 20 s");
    assertTrue(allowed("idle"), "recovered with its tuples");
    assertTrue(node.hostedOrganizations().contains("idle"));
  }

  @Test
  void anOrganizationThatIsReadStaysInMemory() throws Exception {
    createWithATuple("busy");
    Instant until = Instant.now().plus(Duration.ofSeconds(6));
    while (Instant.now().isBefore(until)) {
      assertTrue(allowed("busy"));
      assertTrue(node.hostedOrganizations().contains("busy"), "still hosted while read");
      Thread.sleep(300);
    }
  }
}
