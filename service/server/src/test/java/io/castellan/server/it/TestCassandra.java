package io.castellan.server.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real Cassandra 5 for the whole test run, started from {@code deploy/cassandra} in its own
 * JVM (its classpath must never meet the server's) on free ports in a fresh folder, and stopped
 * when the test JVM exits.
 */
public final class TestCassandra {

  private static TestCassandra instance;

  private final Process process;
  private final int cqlPort;
  private final Path directory;

  private TestCassandra(Process process, int cqlPort, Path directory) {
    this.process = process;
    this.cqlPort = cqlPort;
    this.directory = directory;
  }

  public static synchronized TestCassandra get() {
    if (instance == null) {
      instance = start();
    }
    return instance;
  }

  public int cqlPort() {
    return cqlPort;
  }

  public String contactPoint() {
    return "127.0.0.1:" + cqlPort;
  }

  private static TestCassandra start() {
    try {
      Path root = repositoryRoot();
      Path classpath = root.resolve("deploy/cassandra/target/cassandra.classpath");
      if (!Files.exists(classpath)) {
        throw new IllegalStateException(classpath + " is missing: build deploy/cassandra first (mvn test of the reactor does)");
      }
      Path directory = Files.createTempDirectory("castellan-cassandra-");
      int cqlPort = freePort();
      int storagePort = freePort();
      Path log = directory.resolve("cassandra.log");
      Process process = new ProcessBuilder(List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "@" + root.resolve("deploy/cassandra/jvm17.options"),
              "-Xms512m", "-Xmx1g",
              "-cp", Files.readString(classpath).trim(),
              "io.castellan.deploy.LocalCassandra",
              "--dir", directory.toString(),
              "--cql-port", Integer.toString(cqlPort),
              "--storage-port", Integer.toString(storagePort)))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      TestCassandra cassandra = new TestCassandra(process, cqlPort, directory);
      Runtime.getRuntime().addShutdownHook(new Thread(cassandra::stop));
      cassandra.awaitReady(log, Duration.ofSeconds(120));
      return cassandra;
    } catch (IOException e) {
      throw new IllegalStateException("could not start Cassandra", e);
    }
  }

  private void awaitReady(Path log, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String ready = "CASSANDRA READY " + cqlPort;
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(ready)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("Cassandra exited with " + process.exitValue() + "; see " + log);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    stop();
    throw new IllegalStateException("Cassandra was not ready within " + timeout + "; see " + log);
  }

  private void stop() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** The folder holding the parent pom (tests run in the module folder). */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("deploy/cassandra/jvm17.options"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
