package io.castellan.server.decisions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.castellan.engine.query.CheckRequest;
import io.castellan.server.organization.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Keeps access attempts as each organization's policy says. A check only adds its decision to a
 * bounded queue (never waiting: a full queue drops it, counted in {@code
 * castellan_decisions_dropped_total}); every {@code flush-interval} the queue is written to
 * Cassandra in batches. Policies are read from their table and cached here; a change made through
 * another node is seen within {@code policy-refresh}.
 *
 * <p>A lock-free queue drained on a timer rather than a Pekko stream queue: a stream waiting for
 * elements is woken by each one offered, a message per check that cost checks a fifth of their
 * throughput when every denial was logged.
 */
public final class DecisionLog {

  static final String MASK = "****";

  private final DecisionLogSettings settings;
  private final DecisionStore store;
  private final AsyncLoadingCache<String, DecisionLogPolicy> policies;
  private final ConcurrentLinkedQueue<Decision> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waitingCount = new AtomicInteger();
  private final AtomicBoolean writing = new AtomicBoolean();
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
    system
        .scheduler()
        .scheduleWithFixedDelay(
            settings.flushInterval(),
            settings.flushInterval(),
            this::flush,
            system.executionContext());
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
    // while the policy is being read, or when it could not be (Cassandra down: the failed read is
    // forgotten and tried again next time), the default applies; a check never fails for it
    CompletableFuture<DecisionLogPolicy> known = policies.get(organization);
    DecisionLogPolicy policy =
        known.isDone() && !known.isCompletedExceptionally()
            ? known.join()
            : settings.defaultPolicy();
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
    if (waitingCount.incrementAndGet() > settings.queueSize()) {
      waitingCount.decrementAndGet();
      dropped.increment();
      return;
    }
    waiting.add(decision);
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

  /** How long decisions are kept: none is older. */
  public Duration retention() {
    return settings.retention();
  }

  public ActorSystem<?> system() {
    return system;
  }

  /** The organization's decisions after {@code after}, from {@code from} through {@code to}. */
  public Source<DecisionStore.Positioned, NotUsed> read(
      String organization, DecisionStore.Position after, Instant from, Instant to) {
    return store.read(organization, after, from, to);
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

  /** Writes what is waiting, unless the last flush is still being written. */
  private void flush() {
    if (!writing.compareAndSet(false, true)) {
      return;
    }
    List<Decision> batch = new ArrayList<>();
    for (Decision decision = waiting.poll(); decision != null; decision = waiting.poll()) {
      batch.add(decision);
    }
    waitingCount.addAndGet(-batch.size());
    Source.from(batch)
        .grouped(settings.batchSize())
        .mapConcat(DecisionStore::rows)
        .mapAsyncUnordered(
            4,
            row ->
                store
                    .write(row)
                    .exceptionally(
                        failure -> {
                          failed.increment(row.size());
                          return Done.getInstance();
                        }))
        .runWith(Sink.ignore(), system)
        .whenComplete((done, failure) -> writing.set(false));
  }
}
