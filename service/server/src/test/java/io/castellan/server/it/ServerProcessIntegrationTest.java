package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
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

  @Test
  void withJsonLogsEveryLogLineIsJsonAndARequestsLinesCarryItsRequestId() throws Exception {
    NodeProcess node =
        NodeProcess.start(
            TestNode.newKeyspace("json_logs_it"),
            TestCassandra.get().contactPoint(),
            "-DCASTELLAN_LOG_FORMAT=json",
            "-Dcastellan.http.access-log=on");
    try {
      HttpClientSupport http = new HttpClientSupport(node.baseUrl());
      HttpClientSupport.Response created =
          http.send("PUT", "/v1/orgs/logged", "{\"name\": \"logged\"}", "X-Request-Id", "json-1");
      assertEquals(201, created.status(), created.raw());
      assertEquals("json-1", created.header("X-Request-Id"));
      assertEquals(143, node.stop(), "stopped on SIGTERM; log: " + node.log());
      List<JsonNode> lines = new ArrayList<>();
      for (String line : Files.readAllLines(node.log())) {
        if (line.isBlank() || line.startsWith("SLF4J")) { // slf4j's own notes as logging starts
          continue;
        }
        lines.add(HttpClientSupport.JSON.readTree(line)); // fails the test if a line is not JSON
      }
      JsonNode access =
          lines.stream()
              .filter(line -> line.path("loggerName").asText().equals("io.castellan.access"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no access line in " + node.log()));
      assertEquals("json-1", access.path("mdc").path("request_id").asText(), access.toString());
      assertEquals("logged", access.path("mdc").path("organization").asText());
      assertTrue(
          access.path("formattedMessage").asText().startsWith("PUT /v1/orgs/{org} 201"),
          access.toString());
    } finally {
      node.close();
    }
  }
}
