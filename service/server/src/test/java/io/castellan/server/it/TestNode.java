package io.castellan.server.it;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.castellan.server.Main;
import io.castellan.server.http.EndpointInfo;
import io.castellan.server.organization.Organization;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A Castellan node in this JVM, journaling to the test Cassandra in keyspaces of its own (so test
 * classes do not see each other's data). Its HTTP, remoting and management ports are bound as port
 * 0 and read back, so no other process can take them between choosing and binding. Starting a node
 * again on the same keyspaces is a server restart.
 */
public final class TestNode implements AutoCloseable {

  /** The operator key every test node is configured with; tests' clients send it by default. */
  public static final String OPERATOR_KEY = "test-operator-key-0123456789";

  private final ActorSystem<Void> system;
  private final int httpPort;
  private final int remotePort;
  private final List<EndpointInfo> endpoints;

  private TestNode(
      ActorSystem<Void> system, int httpPort, int remotePort, List<EndpointInfo> endpoints) {
    this.endpoints = endpoints;
    this.system = system;
    this.httpPort = httpPort;
    this.remotePort = remotePort;
  }

  /** Keyspaces unique to one test class. */
  public static String newKeyspace(String prefix) {
    return (prefix + "_" + Long.toString(System.nanoTime(), 36)).toLowerCase();
  }

  public static TestNode start(String keyspace) {
    return start(keyspace, null, "");
  }

  /** A node that joins the cluster of {@code seed} (null: a cluster of its own). */
  public static TestNode start(String keyspace, TestNode seed) {
    return start(keyspace, seed, "");
  }

  /** A node of its own cluster with settings of its own ({@code settings}: HOCON). */
  public static TestNode startWith(String keyspace, String settings) {
    return start(keyspace, null, settings);
  }

  private static TestNode start(String keyspace, TestNode seed, String settings) {
    try {
      return starting(TestCassandra.get(), keyspace, seed, settings)
          .ready()
          .get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("node did not start", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A node whose actor system runs (and joins its cluster), and that is ready when it is. */
  public record Starting(ActorSystem<Void> system, CompletableFuture<TestNode> ready) {}

  /**
   * A node on {@code cassandra} joining the cluster of {@code seed} (null: a cluster of its own),
   * returned at once: it is ready only once the journal answers.
   */
  public static Starting starting(
      TestCassandra cassandra, String keyspace, TestNode seed, String settings) {
    String seedNodes =
        seed == null ? "[]" : "[\"pekko://castellan@127.0.0.1:" + seed.remotePort + "\"]";
    Config config =
        ConfigFactory.parseString(
                """
            castellan.http.port = 0
            castellan.http.noop-endpoint = on
            castellan.auth.operator-key = "%s"
            pekko.remote.artery.canonical.port = 0
            pekko.management.http.port = 0
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.persistence.cassandra.journal.keyspace = "%s"
            pekko.persistence.cassandra.snapshot.keyspace = "%s_snapshot"
            datastax-java-driver.basic.contact-points = ["%s"]
            pekko.cluster.seed-nodes = %s
            """
                    .formatted(
                        OPERATOR_KEY, keyspace, keyspace, cassandra.contactPoint(), seedNodes))
            .withFallback(ConfigFactory.parseString(settings))
            .withFallback(ConfigFactory.parseResources("local.conf"));
    ActorSystem<Void> system =
        ActorSystem.create(Behaviors.empty(), "castellan", ConfigFactory.load(config));
    CompletableFuture<TestNode> ready =
        Main.init(system)
            .toCompletableFuture()
            .thenApply(
                started ->
                    new TestNode(
                        system,
                        started.binding().localAddress().getPort(),
                        system.address().getPort().orElseThrow(),
                        started.endpoints()));
    return new Starting(system, ready);
  }

  /** Two nodes in one cluster, both up. */
  public static TestNode[] startTwo(String keyspace) throws InterruptedException {
    return startTwo(keyspace, "");
  }

  /** Two nodes in one cluster, both up, with settings of their own ({@code settings}: HOCON). */
  public static TestNode[] startTwo(String keyspace, String settings) throws InterruptedException {
    TestNode first = start(keyspace, null, settings);
    TestNode second = start(keyspace, first, settings);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (first.upMembers() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    if (first.upMembers() < 2) {
      throw new IllegalStateException("the second node did not join");
    }
    return new TestNode[] {first, second};
  }

  long upMembers() {
    return StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
        .filter(member -> member.status() == MemberStatus.up())
        .count();
  }

  /**
   * The organizations running on this node (not the startup probe, which exists on one node only).
   */
  public Set<String> hostedOrganizations() {
    try {
      ShardRegion.CurrentShardRegionState state =
          AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
                  ClusterSharding.get(system).shardState(),
                  replyTo -> new GetShardRegionState(Organization.ENTITY_KEY, replyTo),
                  Duration.ofSeconds(5),
                  system.scheduler())
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      Set<String> ids = new TreeSet<>();
      state.getShards().forEach(shard -> ids.addAll(shard.getEntityIds()));
      ids.remove("castellan-startup-probe");
      return ids;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** Every endpoint this node serves, from its router. */
  public List<EndpointInfo> endpoints() {
    return endpoints;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("node did not stop", e);
    }
  }
}
