package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An organization whose node leaves the cluster: a node that forwarded its reads to that node (and
 * remembers it as the host) answers the next read from where the organization runs now.
 */
class OrganizationMoveIntegrationTest {

  private static final String MODEL =
      "{\"dsl\": \"model\\n  schema 1.1\\ntype user\\ntype doc\\n  relations\\n    define viewer: [user]\\n\"}";
  private static final String CHECK =
      "{\"tuple_key\": {\"object\": \"doc:1\", \"relation\": \"viewer\", \"user\": \"user:anne\"}}";

  private static TestNode staying;
  private static TestNode leaving;

  @BeforeAll
  static void start() throws InterruptedException {
    TestNode[] nodes = TestNode.startTwo(TestNode.newKeyspace("move_it"));
    staying = nodes[0];
    leaving = nodes[1];
  }

  @AfterAll
  static void stop() {
    leaving.close();
    staying.close();
  }

  @Test
  void readsFollowAnOrganizationWhoseNodeLeft() {
    HttpClientSupport viaStaying = new HttpClientSupport(staying.baseUrl());
    // organizations until one lands on the node that will leave
    String org = null;
    for (int i = 0; i < 40 && org == null; i++) {
      String candidate = "mover-" + i;
      assertEquals(
          201, viaStaying.send("PUT", "/v1/orgs/" + candidate, "{\"name\": \"m\"}").status());
      if (leaving.hostedOrganizations().contains(candidate)) {
        org = candidate;
      }
    }
    assertTrue(org != null, "no organization landed on the leaving node");
    assertEquals(201, viaStaying.post("/v1/orgs/" + org + "/models", MODEL).status());
    HttpClientSupport.Response write =
        viaStaying.post(
            "/v1/orgs/" + org + "/write",
            "{\"writes\": {\"tuple_keys\": [{\"object\": \"doc:1\", \"relation\": \"viewer\", \"user\": \"user:anne\"}]}}");
    assertEquals(200, write.status(), write.raw());
    HttpClientSupport.Response forwarded = viaStaying.post("/v1/orgs/" + org + "/check", CHECK);
    assertEquals(200, forwarded.status(), forwarded.raw());

    leaving.close();

    HttpClientSupport.Response afterMove = viaStaying.post("/v1/orgs/" + org + "/check", CHECK);
    assertEquals(200, afterMove.status(), afterMove.raw());
    assertTrue(afterMove.body().path("allowed").asBoolean(), afterMove.raw());
    assertTrue(
        staying.hostedOrganizations().contains(org),
        "the organization runs on the staying node now");
  }
}
