package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The node as {@code deploy/run-local.sh} runs it: its own JVM, the server's runtime classpath (not
 * the test classpath, which hides missing runtime dependencies), {@code local.conf}. It must answer
 * a write and a check, and stop cleanly on SIGTERM (its exit code says how it ended; the {@code
 * finally} only cleans up, so a failure above it is the one reported).
 */
class ServerProcessIntegrationTest {

  @Test
  void aNodeStartedFromTheRuntimeClasspathServesAndStopsGracefully() throws Exception {
    NodeProcess node =
        NodeProcess.start(TestNode.newKeyspace("process_it"), TestCassandra.get().contactPoint());
    try {
      HttpClientSupport http = new HttpClientSupport(node.baseUrl());
      assertEquals(201, http.send("PUT", "/v1/orgs/process", "{\"name\": \"process\"}").status());
      assertEquals(
          201,
          http.post(
                  "/v1/orgs/process/models",
                  "{\"dsl\": \"model\\n  schema 1.1\\ntype user\\ntype doc\\n  relations\\n    define viewer: [user]\\n\"}")
              .status());
      HttpClientSupport.Response write =
          http.post(
              "/v1/orgs/process/write",
              "{\"writes\": {\"tuple_keys\": [{\"object\": \"doc:1\", \"relation\": \"viewer\", \"user\": \"user:anne\"}]}}");
      assertEquals(200, write.status(), write.raw());
      HttpClientSupport.Response check =
          http.post(
              "/v1/orgs/process/check",
              "{\"tuple_key\": {\"object\": \"doc:1\", \"relation\": \"viewer\", \"user\": \"user:anne\"}}");
      assertTrue(check.body().path("allowed").asBoolean(), check.raw());
      // SIGTERM runs the coordinated shutdown in the JVM's shutdown hook; the JVM then exits as
      // terminated by the signal (128 + 15); -1 would mean it did not stop within 60 s
      assertEquals(143, node.stop(), "the node stops cleanly on SIGTERM; log: " + node.log());
    } finally {
      node.close();
    }
  }
}
