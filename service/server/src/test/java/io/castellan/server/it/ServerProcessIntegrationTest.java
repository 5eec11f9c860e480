package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The node as {@code deploy/run-local.sh} runs it: its own JVM, the server's runtime classpath
 * (not the test classpath, which hides missing runtime dependencies), {@code local.conf}. It must
 * answer a write and a check, and stop cleanly on SIGTERM.
 */
class ServerProcessIntegrationTest {

  @Test
  void aNodeStartedFromTheRuntimeClasspathServesAndStopsGracefully() throws Exception {
    NodeProcess node = NodeProcess.start(TestNode.newKeyspace("process_it"), TestCassandra.get().contactPoint());
    try {
      HttpClientSupport http = new HttpClientSupport(node.baseUrl());
      assertEquals(201, http.send("PUT", "/v1/orgs/process", "{\"name\": \"process\"}").status());
      assertEquals(201, http.post("/v1/orgs/process/models",
          "{\"dsl\": \"model\\n  schema 1.1\\ntype user\\ntype doc\\n  relations\\n    define viewer: [user]\\n\"}").status());
      HttpClientSupport.Response write = http.post("/v1/orgs/process/write",
          "{\"writes\": {\"tuple_keys\": [{\"object\": \"doc:1\", \"relation\": \"viewer\", \"user\": \"user:anne\"}]}}");
      assertEquals(200, write.status(), write.raw());
      HttpClientSupport.Response check = http.post("/v1/orgs/process/check",
          "{\"tuple_key\": {\"object\": \"doc:1\", \"relation\": \"viewer\", \"user\": \"user:anne\"}}");
      assertTrue(check.body().path("allowed").asBoolean(), check.raw());
    } finally {
      node.close();
    }
  }
}
