package io.castellan.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.castellan.engine.query.Queries;
import io.castellan.engine.query.QueryOptions;
import io.castellan.server.auth.AuthSettings;
import io.castellan.server.auth.Authentication;
import io.castellan.server.auth.OrganizationAccess;
import io.castellan.server.decisions.DecisionLog;
import io.castellan.server.decisions.DecisionLogSettings;
import io.castellan.server.forwarding.DepartingHost;
import io.castellan.server.forwarding.HostCache;
import io.castellan.server.forwarding.NodeDepartures;
import io.castellan.server.forwarding.ReadForwarder;
import io.castellan.server.forwarding.ReadHost;
import io.castellan.server.history.HistoricalStates;
import io.castellan.server.http.EndpointInfo;
import io.castellan.server.http.HttpApi;
import io.castellan.server.http.HttpServer;
import io.castellan.server.journal.ChangeLog;
import io.castellan.server.journal.JournalReachability;
import io.castellan.server.journal.OrganizationDirectory;
import io.castellan.server.organization.AccessPolicy;
import io.castellan.server.organization.ChangeListener;
import io.castellan.server.organization.IdempotencyKeys;
import io.castellan.server.organization.Organization;
import io.castellan.server.organization.OrganizationMetrics;
import io.castellan.server.organization.ShardMetrics;
import io.castellan.server.read.FollowerFeed;
import io.castellan.server.read.Followers;
import io.castellan.server.read.ReadExecutor;
import io.castellan.server.read.SnapshotRegistry;
import io.castellan.server.service.MembershipCalm;
import io.castellan.server.service.OrganizationService;
import io.castellan.server.service.ShardedOrganizationService;
import io.castellan.server.service.SharingNotifier;
import io.castellan.server.watch.ChangeHub;
import io.castellan.server.watch.WatchSettings;
import io.castellan.server.watch.WatchStream;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.pattern.CircuitBreaker;

/** Starts a Castellan node: cluster membership, organizations, HTTP. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    ActorSystem.create(
        Behaviors.setup(
            context -> {
              init(context.getSystem());
              return Behaviors.empty();
            }),
        "castellan");
  }

  /**
   * This node's followers (see followers.conf), checked every verify-every; and the revisions of
   * the organizations hosted here ({@code hosted}), published as often for the other nodes'
   * followers.
   */
  private static Followers followers(
      ActorSystem<?> system,
      Config castellan,
      HistoricalStates journal,
      FollowerFeed feed,
      SnapshotRegistry hosted,
      MeterRegistry metrics) {
    Config config = castellan.getConfig("followers");
    Followers followers =
        new Followers(
            new Followers.Settings(
                config.getBoolean("enabled"),
                config.getInt("after-forwarded-reads"),
                config.getInt("max"),
                config.getLong("max-tuples"),
                config.getDuration("idle-timeout"),
                config.getDuration("verify-every")),
            journal,
            feed::subscribe,
            System::nanoTime);
    Duration verifyEvery = config.getDuration("verify-every");
    system
        .scheduler()
        .scheduleAtFixedRate(verifyEvery, verifyEvery, followers::sweep, system.executionContext());
    system
        .scheduler()
        .scheduleAtFixedRate(
            verifyEvery,
            verifyEvery,
            () -> feed.publishRevisions(hosted),
            system.executionContext());
    Gauge.builder("castellan.organizations.followed", followers, Followers::size)
        .description("organizations hosted elsewhere whose state this node keeps for its reads")
        .register(metrics);
    return followers;
  }

  /** The JVM's memory, GC, threads and CPU, and how many organizations this node hosts. */
  private static void bindNodeMetrics(MeterRegistry metrics, SnapshotRegistry registry) {
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmGcMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ClassLoaderMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    new UptimeMetrics().bindTo(metrics);
    Gauge.builder("castellan.organizations.hosted", registry, SnapshotRegistry::size)
        .description("organizations running on this node")
        .register(metrics);
  }

  /** A running node: where it serves HTTP, and what. */
  public record Started(ServerBinding binding, List<EndpointInfo> endpoints) {}

  /** Everything a node runs, on an existing actor system (tests start several in one JVM). */
  public static CompletionStage<Started> init(ActorSystem<?> system) {
    Config config = system.settings().config();
    Config castellan = config.getConfig("castellan");
    PekkoManagement.get(system).start();
    if (!config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      system.log().info("joining the cluster through the configured seed nodes");
    } else if (castellan.getBoolean("cluster.self-join")) {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    } else {
      ClusterBootstrap.get(system).start();
    }

    Executor queryDispatcher =
        system.dispatchers().lookup(DispatcherSelector.fromConfig("castellan.query.dispatcher"));
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // before the registry: it keeps a few of the states the registry publishes
    HistoricalStates historicalStates =
        new HistoricalStates(
            system,
            castellan.getInt("history.max-states"),
            castellan.getInt("history.checkpoint-every"),
            metrics);
    SnapshotRegistry registry = new SnapshotRegistry(queryDispatcher, historicalStates);
    Config query = castellan.getConfig("query");
    Queries queries =
        new Queries(
            new QueryOptions(
                query.getInt("max-depth"),
                query.getInt("max-list-results"),
                query.getInt("max-contextual-tuples"),
                query.getInt("max-read-page-size")));
    AccessPolicy policy = new OrganizationAccess(queries, Clock.systemUTC());
    AuthSettings auth = AuthSettings.of(castellan.getConfig("auth"));
    if (!auth.enabled()) {
      system
          .log()
          .warn(
              "AUTHENTICATION IS OFF (castellan.auth.enabled = false): every request is allowed;"
                  + " for local experiments only");
    } else if (auth.operatorKey().isEmpty()) {
      system.log().warn("no operator key is configured: no credential can create organizations");
    }
    bindNodeMetrics(metrics, registry);
    ShardMetrics.start(system, metrics, Duration.ofSeconds(10));
    Config organization = castellan.getConfig("organization");
    WatchSettings watchSettings = WatchSettings.of(castellan.getConfig("watch"));
    ChangeHub changes = new ChangeHub(system, watchSettings);
    FollowerFeed followerFeed = new FollowerFeed(system);
    JournalReachability journalReachability = JournalReachability.of(system);
    Organization.init(
        system,
        registry,
        new Organization.Settings(
            organization.getInt("snapshot-every"),
            organization.getInt("snapshot-keep"),
            new IdempotencyKeys.Retention(
                organization.getDuration("idempotency-window"),
                organization.getInt("idempotency-max-keys")),
            organization.getDuration("deadline-margin"),
            organization.getDuration("passivate-after")),
        policy,
        ChangeListener.both(
            changes, ChangeListener.both(followerFeed, new SharingNotifier(system))),
        new OrganizationMetrics(metrics),
        journalReachability);
    Config breaker = organization.getConfig("journal-breaker");
    // no call timeout of its own (a timer per write): every change's ask is bounded by its deadline
    CircuitBreaker journal =
        CircuitBreaker.create(
                Adapter.toClassic(system).scheduler(),
                breaker.getInt("max-failures"),
                Duration.ZERO,
                breaker.getDuration("reset-timeout"))
            .withExponentialBackoff(breaker.getDuration("max-reset-timeout"));
    Cluster cluster = Cluster.get(system);
    MembershipCalm membership =
        new MembershipCalm(
            () -> !cluster.state().getUnreachable().isEmpty(),
            breaker.getDuration("membership-grace"),
            System::nanoTime);
    Followers followers =
        followers(system, castellan, historicalStates, followerFeed, registry, metrics);
    OrganizationService organizations =
        new ShardedOrganizationService(
            ClusterSharding.get(system),
            registry,
            organization.getDuration("ask-timeout"),
            organization.getDuration("freshness-wait"),
            system.executionContext(),
            journal,
            breaker.getDuration("probe-timeout"),
            membership,
            followers);

    ReadExecutor reads = new ReadExecutor(queries, queryDispatcher);

    Config http = castellan.getConfig("http");
    ObjectMapper mapper = new ObjectMapper();
    DecisionLog decisions =
        new DecisionLog(
            system,
            DecisionLogSettings.of(
                castellan.getConfig("decision-log"),
                config.getString("pekko.persistence.cassandra.journal.keyspace")),
            mapper,
            metrics);
    ReadForwarder forwarder =
        ReadForwarder.init(system, organization.getDuration("ask-timeout"), metrics);
    HostCache hosts = new HostCache(registry, system.address().toString());
    NodeDepartures.follow(
        system,
        address -> {
          hosts.forgetHost(address);
          forwarder.hostGone(address);
          membership.nodeDeparted();
        });
    HttpApi api =
        new HttpApi(
            system,
            organizations,
            new OrganizationDirectory(system, organizations),
            new ChangeLog(system),
            new WatchStream(system, changes, organizations, watchSettings),
            decisions,
            reads,
            forwarder,
            hosts,
            historicalStates,
            followers,
            Authentication.of(auth, mapper, metrics),
            policy,
            metrics::scrape,
            metrics,
            mapper,
            new HttpApi.Settings(
                http.getBytes("max-body-size"),
                http.getDuration("request-timeout"),
                // an answer forwarded between nodes must fit Artery's large-message frame (see
                // cluster.conf)
                config.getBytes("pekko.remote.artery.advanced.maximum-large-frame-size")
                    - 64 * 1024,
                organization.getInt("max-tuples-per-write"),
                organization.getInt("max-checks-per-batch"),
                organization.getInt("max-model-types"),
                (int) organization.getBytes("max-model-size").longValue(),
                http.getBoolean("noop-endpoint"),
                http.getBoolean("access-log")));
    ReadHost.init(
        system,
        new DepartingHost(
            api.hostedReads(),
            () -> CoordinatedShutdown.get(system).getShutdownReason().isPresent()),
        queryDispatcher);
    // serve only once the journal answers: recovering a probe organization (it persists nothing)
    // proves Cassandra is reachable and, in local runs, creates the keyspaces and tables
    return JournalProbe.await(system, organizations, castellan.getDuration("startup-timeout"))
        .thenRun(journalReachability::journalAnswered)
        .thenCompose(ready -> decisions.start())
        .thenCompose(
            ready ->
                HttpServer.start(
                    system, api.routes(), http.getString("interface"), http.getInt("port")))
        .thenApply(binding -> new Started(binding, api.endpoints()));
  }
}
