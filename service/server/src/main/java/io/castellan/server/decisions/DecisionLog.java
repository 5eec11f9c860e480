package io.castellan.server.decisions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.castellan.engine.query.CheckRequest;
import io.castellan.server.organization.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Keeps access attempts as each organization's policy says. A check only offers its decision to a
 * bounded queue (never waiting: a full queue drops it, counted in {@code
 * castellan_decisions_dropped_total}); the queue is written to Cassandra in batches. Policies are
 * read from their table and cached here; a change made through another node is seen within {@code
 * policy-refresh}.
 */
public final class DecisionLog {

  static final String MASK = "****";

  private final DecisionLogSettings settings;
  private final DecisionStore store;
  private final AsyncLoadingCache<String, DecisionLogPolicy> policies;
  private final BoundedSourceQueue<Decision> queue;
  private final Counter dropped;
  private final Counter failed;
  private final ActorSystem<?> system;

  public DecisionLog(
      ActorSystem<?> system,
      DecisionLogSettings settings,
      ObjectMapper mapper,
      MeterRegistry metrics) {
    this.system = system;
    this.settings = settings;
    this.store =
        new DecisionStore(
            CassandraSessionRegistry.get(system).sessionFor("pekko.persistence.cassandra"),
            mapper,
            settings);
    this.dropped = metrics.counter("castellan_decisions_dropped");
    this.failed = metrics.counter("castellan_decisions_failed");
    this.policies =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .refreshAfterWrite(settings.policyRefresh())
            .buildAsync(
                (organization, executor) ->
                    store
                        .policy(organization)
                        .thenApply(found -> found.orElse(settings.defaultPolicy()))
                        .toCompletableFuture());
    this.queue =
        Source.<Decision>queue(settings.queueSize())
            .groupedWithin(settings.batchSize(), settings.flushInterval())
            .mapAsync(1, this::writeAll)
            .to(Sink.ignore())
            .run(system);
  }

  /** Creates the tables, if so configured (local runs and tests; production creates them). */
  public CompletionStage<Done> start() {
    return settings.createTables()
        ? store.createTables()
        : CompletableFuture.completedFuture(Done.getInstance());
  }

  /** A check's decision, kept if its organization's policy wants it. Never waits. */
  public void record(
      String organization, Caller caller, CheckRequest check, boolean allowed, long revision) {
    // while the policy is being read, the default applies
    DecisionLogPolicy policy = policies.get(organization).getNow(settings.defaultPolicy());
    if (!policy.keeps(allowed)) {
      return;
    }
    Decision decision =
        new Decision(
            organization,
            Instant.now(),
            check.object(),
            check.relation(),
            check.user(),
            allowed,
            revision,
            caller.actor(),
            masked(check.context()));
    if (!queue.offer(decision).isEnqueued()) {
      dropped.increment();
    }
  }

  public CompletionStage<DecisionLogPolicy> policy(String organization) {
    return store.policy(organization).thenApply(found -> found.orElse(settings.defaultPolicy()));
  }

  public CompletionStage<DecisionLogPolicy> setPolicy(
      String organization, DecisionLogPolicy policy) {
    return store
        .setPolicy(organization, policy)
        .thenApply(
            done -> {
              policies.synchronous().put(organization, policy);
              return policy;
            });
  }

  public ActorSystem<?> system() {
    return system;
  }

  /** The organization's decisions after {@code after} through {@code to}, in time order. */
  public Source<DecisionStore.Positioned, NotUsed> read(
      String organization, DecisionStore.Position after, Instant to) {
    return store.read(organization, after, to);
  }

  private Map<String, Object> masked(Map<String, Object> context) {
    if (context == null || context.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> masked = new HashMap<>(context);
    for (String key : settings.maskedContextKeys()) {
      masked.computeIfPresent(key, (name, value) -> MASK);
    }
    return masked;
  }

  private CompletionStage<Done> writeAll(List<Decision> batch) {
    return Source.from(batch)
        .mapAsyncUnordered(
            8,
            decision ->
                store
                    .write(decision)
                    .exceptionally(
                        failure -> {
                          failed.increment();
                          return Done.getInstance();
                        }))
        .runWith(Sink.ignore(), system);
  }
}
