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
    TestCassandra cassandra = TestCassandra.get();
    Path module = TestCassandra.repositoryRoot().resolve("service/server");
    String classpath = Files.readString(module.resolve("target/server.classpath")).trim()
        + java.io.File.pathSeparator + module.resolve("target/classes");
    int httpPort = TestCassandra.freePort();
    String keyspace = TestNode.newKeyspace("process_it");
    Path log = Files.createTempFile("castellan-node", ".log");
    Process node = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-Dconfig.resource=local.conf",
            "-Dcastellan.http.port=" + httpPort,
            "-Dpekko.remote.artery.canonical.port=" + TestCassandra.freePort(),
            "-Dpekko.management.http.port=" + TestCassandra.freePort(),
            "-Dpekko.persistence.cassandra.journal.keyspace=" + keyspace,
            "-Dpekko.persistence.cassandra.snapshot.keyspace=" + keyspace + "_snapshot",
            "-Ddatastax-java-driver.basic.contact-points.0=" + cassandra.contactPoint(),
            "-cp", classpath,
            "io.castellan.server.Main"))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      HttpClientSupport http = new HttpClientSupport("http://127.0.0.1:" + httpPort);
      awaitListening(node, log, httpPort);
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
      node.destroy();
      boolean stopped = node.waitFor(60, TimeUnit.SECONDS);
      if (!stopped) {
        node.destroyForcibly();
      }
      assertTrue(stopped, "the node did not stop within 60 s of SIGTERM; log: " + log);
    }
  }

  private static void awaitListening(Process node, Path log, int port) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (Files.readString(log).contains("HTTP listening on /127.0.0.1:" + port)) {
        return;
      }
      if (!node.isAlive()) {
        throw new IllegalStateException("the node exited with " + node.exitValue() + ":\n" + Files.readString(log));
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the node did not listen within 120 s:\n" + Files.readString(log));
  }
}
