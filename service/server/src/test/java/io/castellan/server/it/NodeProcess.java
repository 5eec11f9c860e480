package io.castellan.server.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Castellan node as {@code deploy/run-local.sh} runs it: its own JVM, the server's runtime
 * classpath (not the test classpath, which hides missing runtime dependencies), {@code local.conf},
 * journaling to the given Cassandra in keyspaces of its own. It can be stopped (SIGTERM), killed
 * (SIGKILL) and started again on the same keyspaces. Its ports are bound as port 0 and read back
 * from its log, so no other process can take them between choosing and binding; a restarted node
 * listens on new ones ({@link #baseUrl} follows).
 */
final class NodeProcess implements AutoCloseable {

  private static final Pattern HTTP_BOUND =
      // JSON logs write the slash as \/
      Pattern.compile("HTTP listening on \\\\?/127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern MANAGEMENT_BOUND =
      Pattern.compile("Bound Pekko Management \\(HTTP\\) endpoint to: 127\\.0\\.0\\.1:(\\d+)");

  private final List<String> command;
  private final Path logDirectory;
  private int httpPort;
  private int managementPort;
  private Process process;
  private Path log;
  private int starts;

  private NodeProcess(List<String> command, Path logDirectory) {
    this.command = command;
    this.logDirectory = logDirectory;
  }

  /** Starts a node and returns once it serves HTTP. {@code settings}: extra {@code -D} options. */
  static NodeProcess start(String keyspace, String cassandraContactPoint, String... settings)
      throws IOException {
    Path module = TestCassandra.repositoryRoot().resolve("service/server");
    String classpath =
        Files.readString(module.resolve("target/server.classpath")).trim()
            + File.pathSeparator
            + module.resolve("target/classes");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dconfig.resource=local.conf",
                "-Dcastellan.http.port=0",
                "-Dpekko.remote.artery.canonical.port=0",
                "-Dpekko.management.http.port=0",
                "-Dcastellan.auth.operator-key=" + TestNode.OPERATOR_KEY,
                "-Dpekko.persistence.cassandra.journal.keyspace=" + keyspace,
                "-Dpekko.persistence.cassandra.snapshot.keyspace=" + keyspace + "_snapshot",
                "-Ddatastax-java-driver.basic.contact-points.0=" + cassandraContactPoint));
    command.addAll(List.of(settings));
    command.addAll(List.of("-cp", classpath, "io.castellan.server.Main"));
    NodeProcess node = new NodeProcess(command, Files.createTempDirectory("castellan-node"));
    Runtime.getRuntime().addShutdownHook(new Thread(node::destroy));
    node.launch();
    return node;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  String readinessUrl() {
    return "http://127.0.0.1:" + managementPort + "/ready";
  }

  Path log() {
    return log;
  }

  /** Starts the node again on the same keyspaces; returns once it serves HTTP. */
  void restart() throws IOException {
    if (process.isAlive()) {
      throw new IllegalStateException("the node is still running");
    }
    launch();
  }

  /** Kills the node's JVM as a crash or the OOM killer does (SIGKILL). */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the node did not die within 30 s of SIGKILL");
    }
  }

  /**
   * Stops the node with SIGTERM; returns its exit code, or -1 if it had to be killed after 60 s.
   */
  int stop() throws InterruptedException {
    process.destroy();
    if (process.waitFor(60, TimeUnit.SECONDS)) {
      return process.exitValue();
    }
    process.destroyForcibly();
    return -1;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }

  private void destroy() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  private void launch() throws IOException {
    log = logDirectory.resolve("node-" + ++starts + ".log");
    process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    awaitListening();
  }

  private void awaitListening() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      String output = Files.readString(log);
      Matcher http = HTTP_BOUND.matcher(output);
      Matcher management = MANAGEMENT_BOUND.matcher(output);
      if (http.find() && management.find()) {
        httpPort = Integer.parseInt(http.group(1));
        managementPort = Integer.parseInt(management.group(1));
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the node exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException(
        "the node did not listen within 120 s:\n" + Files.readString(log));
  }
}
