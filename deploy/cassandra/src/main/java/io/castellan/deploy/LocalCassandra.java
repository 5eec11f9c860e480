package io.castellan.deploy;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.apache.cassandra.service.CassandraDaemon;

/**
 * Runs a single-node Apache Cassandra in THIS JVM, for local development and tests.
 *
 * <p>The JVM must be started with this module's classpath only (target/cassandra.classpath) and the
 * JDK 17 module flags from jvm17.options; see start.sh and README.md. Never put this class or
 * cassandra-all on the server's classpath.
 *
 * <pre>
 * LocalCassandra --dir &lt;data folder&gt; [--cql-port 9042] [--storage-port 7000] [--cluster-name castellan-local]
 * </pre>
 *
 * <p>Writes {@code <dir>/cassandra.yaml} (data, commitlog, saved_caches, hints, cdc under {@code
 * <dir>}), sets the system properties Cassandra reads, starts {@code CassandraDaemon}, and prints
 * exactly one line {@code CASSANDRA READY <cql-port>} on stdout once the CQL port accepts
 * connections. SIGTERM runs Cassandra's own shutdown hook (drain: flush memtables, stop
 * transports), so a plain {@code kill <pid>} stops it cleanly. Exit code 2 on bad arguments, 1 if
 * Cassandra does not come up.
 */
public final class LocalCassandra {

  public static final String READY_PREFIX = "CASSANDRA READY ";

  private static final long READY_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(120);

  private LocalCassandra() {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("LocalCassandra: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }

    Path dir = options.dir.toAbsolutePath().normalize();
    for (String sub : new String[] {"data", "commitlog", "saved_caches", "hints", "cdc", "logs"}) {
      Files.createDirectories(dir.resolve(sub));
    }
    Path yaml = dir.resolve("cassandra.yaml");
    Files.writeString(yaml, cassandraYaml(dir, options), StandardCharsets.UTF_8);

    // Must be set before any Cassandra class (DatabaseDescriptor) is initialized.
    // Values given with -D on the command line win.
    setIfAbsent("cassandra.config", yaml.toUri().toString());
    setIfAbsent("cassandra-foreground", "yes"); // keep stdout/stderr open
    setIfAbsent("cassandra.storagedir", dir.toString());
    setIfAbsent("cassandra.logdir", dir.resolve("logs").toString());
    // Single node that is its own seed: nothing to learn from gossip. Without these, first start
    // sleeps RING_DELAY (30 s) before choosing tokens and every stop waits 2 s after announcing
    // the shutdown. Override with -D when joining several Cassandra nodes into one ring.
    setIfAbsent("cassandra.skip_wait_for_gossip_to_settle", "0");
    setIfAbsent("cassandra.ring_delay_ms", "1000");
    setIfAbsent("cassandra.shutdown_announce_in_ms", "100");
    setIfAbsent("java.net.preferIPv4Stack", "true");
    // JMX: cassandra.jmx.local.port / cassandra.jmx.remote.port are deliberately NOT set, so
    // Cassandra opens no JMX port (no port clash between several local instances; nodetool
    // will not work). Pass -Dcassandra.jmx.local.port=<port> to enable local JMX.

    PrintStream out = System.out;
    out.println(
        "LocalCassandra: starting Cassandra "
            + cassandraVersion()
            + " in "
            + dir
            + " (cql "
            + options.cqlPort
            + ", storage "
            + options.storagePort
            + ", cluster '"
            + options.clusterName
            + "')");
    out.flush();

    long started = System.nanoTime();
    // Same entry point as bin/cassandra: setup + start; on a startup error it logs and exits
    // the JVM with a non-zero code itself. Returns once the node is up and transports started.
    CassandraDaemon.main(new String[0]);

    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
    while (!portOpen(options.cqlPort)) {
      if (System.currentTimeMillis() > deadline) {
        System.err.println(
            "LocalCassandra: CQL port "
                + options.cqlPort
                + " not open after "
                + READY_TIMEOUT_MS / 1000
                + " s, giving up");
        System.exit(1);
      }
      Thread.sleep(100);
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    out.println("LocalCassandra: CQL port open after " + ms + " ms");
    out.println(READY_PREFIX + options.cqlPort);
    out.flush();
    // Returning from main is fine: Cassandra's non-daemon threads keep the JVM alive until
    // SIGTERM (or SIGINT), which runs the drain shutdown hook Cassandra registered.
  }

  private static boolean portOpen(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  private static String cassandraVersion() {
    Package p = CassandraDaemon.class.getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    return v == null ? "" : v;
  }

  /** A small single-node configuration (Cassandra 5.0 key names, with units). */
  static String cassandraYaml(Path dir, Options o) {
    String d = dir.toString();
    return """
            # Written by io.castellan.deploy.LocalCassandra on every start; edits are overwritten.
            cluster_name: '%1$s'
            num_tokens: 16
            allocate_tokens_for_local_replication_factor: 1
            partitioner: org.apache.cassandra.dht.Murmur3Partitioner

            data_file_directories:
              - '%2$s/data'
            commitlog_directory: '%2$s/commitlog'
            saved_caches_directory: '%2$s/saved_caches'
            hints_directory: '%2$s/hints'
            cdc_raw_directory: '%2$s/cdc'
            cdc_enabled: false

            seed_provider:
              - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                parameters:
                  - seeds: "127.0.0.1:%3$d"
            listen_address: 127.0.0.1
            rpc_address: 127.0.0.1
            storage_port: %3$d
            start_native_transport: true
            native_transport_port: %4$d
            endpoint_snitch: SimpleSnitch
            dynamic_snitch: false

            authenticator:
              class_name: org.apache.cassandra.auth.AllowAllAuthenticator
            authorizer:
              class_name: org.apache.cassandra.auth.AllowAllAuthorizer
            role_manager:
              class_name: org.apache.cassandra.auth.CassandraRoleManager
            network_authorizer:
              class_name: org.apache.cassandra.auth.AllowAllNetworkAuthorizer

            # Durability: see commitLogSync(); a mutation is acknowledged only once its commit log
            # segment is on disk, unless the mode is periodic.
            %5$s
            commitlog_segment_size: 32MiB
            # max_mutation_size defaults to half the segment size (16MiB).

            # pekko-persistence-cassandra writes a persistAll (or a group commit of many events) as
            # one atomic batch: allow a few hundred events without warnings or rejections.
            batch_size_warn_threshold: 4MiB
            batch_size_fail_threshold: 16MiB
            unlogged_batch_across_partitions_warn_threshold: 100

            # Small footprint (the launcher runs with -Xmx1g).
            memtable_heap_space: 128MiB
            memtable_offheap_space: 128MiB
            key_cache_size: 16MiB
            row_cache_size: 0MiB
            counter_cache_size: 0MiB
            file_cache_size: 64MiB
            networking_cache_size: 32MiB
            prepared_statements_cache_size: 16MiB
            index_summary_capacity: 16MiB
            concurrent_reads: 8
            concurrent_writes: 16
            concurrent_counter_writes: 4
            concurrent_compactors: 1
            compaction_throughput: 64MiB/s

            # Tests create and drop/truncate tables freely: no automatic snapshots.
            auto_snapshot: false
            snapshot_before_compaction: false
            disk_failure_policy: stop
            commit_failure_policy: stop
            hinted_handoff_enabled: false
            """
        .formatted(
            o.clusterName.replace("'", "''"),
            d.replace("'", "''"),
            o.storagePort,
            o.cqlPort,
            commitLogSync(o.commitLogSync));
  }

  /**
   * The commit log mode. {@code batch} (the default) and {@code group} fsync the commit log before
   * Cassandra acknowledges a mutation, so a write Castellan acknowledged survives a SIGKILL of
   * Cassandra; {@code batch} syncs at once, and the mutations that queue meanwhile share the next
   * sync; {@code group} waits up to 2 ms to sync the mutations of many writers at once. With
   * Castellan's group commit, batch gave more acknowledged writes per second (docs/benchmarks.md).
   * {@code periodic} (Cassandra's own default) acknowledges before the fsync, which runs every 10
   * s: a crash loses up to 10 s of acknowledged writes. Measured in docs/benchmarks.md.
   */
  static String commitLogSync(String mode) {
    return switch (mode) {
      case "group" -> "commitlog_sync: group\ncommitlog_sync_group_window: 2ms";
      case "batch" -> "commitlog_sync: batch";
      case "periodic" -> "commitlog_sync: periodic\ncommitlog_sync_period: 10000ms";
      default ->
          throw new IllegalArgumentException("--commitlog-sync must be group, batch or periodic");
    };
  }

  static final class Options {
    static final String USAGE =
        "usage: LocalCassandra --dir <data folder> [--cql-port 9042]"
            + " [--storage-port 7000] [--cluster-name castellan-local] [--commitlog-sync batch|group|periodic]";

    Path dir;
    int cqlPort = 9042;
    int storagePort = 7000;
    String clusterName = "castellan-local";
    String commitLogSync = "batch";

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String name = a;
        String value;
        int eq = a.indexOf('=');
        if (a.startsWith("--") && eq > 0) {
          name = a.substring(0, eq);
          value = a.substring(eq + 1);
        } else {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("missing value for " + a);
          }
          value = args[++i];
        }
        switch (name) {
          case "--dir" -> o.dir = Paths.get(value);
          case "--cql-port" -> o.cqlPort = port(name, value);
          case "--storage-port" -> o.storagePort = port(name, value);
          case "--cluster-name" -> o.clusterName = value;
          case "--commitlog-sync" -> {
            commitLogSync(value);
            o.commitLogSync = value;
          }
          default -> throw new IllegalArgumentException("unknown argument " + a);
        }
      }
      if (o.dir == null) {
        throw new IllegalArgumentException("--dir is required");
      }
      if (o.cqlPort == o.storagePort) {
        throw new IllegalArgumentException("--cql-port and --storage-port must differ");
      }
      return o;
    }

    private static int port(String name, String value) {
      try {
        int p = Integer.parseInt(value);
        if (p < 1 || p > 65535) {
          throw new NumberFormatException();
        }
        return p;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " needs a port number, got '" + value + "'");
      }
    }
  }
}
