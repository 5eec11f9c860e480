package io.castellan.server.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real Cassandra 5 for the whole test run, started from {@code deploy/cassandra} in its own JVM
 * (its classpath must never meet the server's) on free ports in a fresh folder, and stopped when
 * the test JVM exits. Fault tests start one of their own ({@link #startDedicated}), which they kill
 * and start again on the same folder.
 */
public final class TestCassandra {

  private static TestCassandra instance;

  private Process process;
  private final int cqlPort;
  private final int storagePort;
  private final Path directory;
  private int starts;

  private TestCassandra(int cqlPort, int storagePort, Path directory) {
    this.cqlPort = cqlPort;
    this.storagePort = storagePort;
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

  /**
   * A Cassandra of the caller's own, on its own folder and ports; stopped when the test JVM exits.
   */
  public static TestCassandra startDedicated() {
    return start();
  }

  /**
   * Cassandra's ports cannot be bound as port 0 and read back: free ones are chosen, and should
   * another process take one before Cassandra binds it (Cassandra then exits), new ones are tried.
   */
  private static TestCassandra start() {
    IllegalStateException failure = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        TestCassandra cassandra =
            new TestCassandra(
                freePort(), freePort(), Files.createTempDirectory("castellan-cassandra-"));
        Runtime.getRuntime().addShutdownHook(new Thread(cassandra::stop));
        cassandra.launch();
        return cassandra;
      } catch (IOException e) {
        throw new IllegalStateException("could not start Cassandra", e);
      } catch (IllegalStateException exited) {
        failure = exited;
      }
    }
    throw failure;
  }

  /** Kills Cassandra as a crash or the OOM killer does (SIGKILL): nothing is flushed. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("Cassandra did not die within 30 s of SIGKILL");
    }
  }

  /** Starts Cassandra again on the same folder and ports; returns once it accepts CQL. */
  public void restart() throws IOException {
    if (process.isAlive()) {
      throw new IllegalStateException("Cassandra is still running");
    }
    launch();
  }

  private void launch() throws IOException {
    Path root = repositoryRoot();
    Path classpath = root.resolve("deploy/cassandra/target/cassandra.classpath");
    if (!Files.exists(classpath)) {
      throw new IllegalStateException(
          classpath + " is missing: build deploy/cassandra first (mvn test of the reactor does)");
    }
    Path log = directory.resolve("cassandra-" + ++starts + ".log");
    process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "@" + root.resolve("deploy/cassandra/jvm17.options"),
                    "-Xms512m",
                    "-Xmx1g",
                    "-cp",
                    Files.readString(classpath).trim(),
                    "io.castellan.deploy.LocalCassandra",
                    "--dir",
                    directory.toString(),
                    "--cql-port",
                    Integer.toString(cqlPort),
                    "--storage-port",
                    Integer.toString(storagePort)))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    awaitReady(log, Duration.ofSeconds(120));
  }

  private void awaitReady(Path log, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String ready = "CASSANDRA READY " + cqlPort;
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(ready)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Cassandra exited with " + process.exitValue() + "; see " + log);
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

  public void stop() {
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
      throw new IllegalStateException(
          "cannot find the repository root from " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
