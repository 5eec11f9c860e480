package io.castellan.server.history;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.castellan.server.journal.Journal;
import io.castellan.server.organization.OrganizationEvent;
import io.castellan.server.organization.OrganizationState;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * An organization as it was at a past revision or time, rebuilt by replaying its journal from the
 * start (history is unlimited: nothing is garbage-collected), through the same event handlers as
 * the entity's. Rebuilt states are kept (a bounded cache), so a second read at a revision costs
 * what a live read costs. Never touches the live state, so historical reads do not block writes or
 * live reads.
 */
public final class HistoricalStates {

  private final ActorSystem<?> system;
  private final CassandraReadJournal journal;
  private final AsyncCache<String, OrganizationState> states;

  /** {@code maxStates}: how many rebuilt states are kept. */
  public HistoricalStates(ActorSystem<?> system, int maxStates) {
    this.system = system;
    this.journal = Journal.reader(system);
    this.states = Caffeine.newBuilder().maximumSize(maxStates).buildAsync();
  }

  /** The organization as it was right after revision {@code revision}. */
  public CompletionStage<OrganizationState> atRevision(String organizationId, long revision) {
    return states.get(
        organizationId + '@' + revision,
        (key, executor) -> replay(organizationId, revision, null).toCompletableFuture());
  }

  /** The organization as it was at {@code time}: after the last event at or before it. */
  public CompletionStage<OrganizationState> atTime(String organizationId, Instant time) {
    return replay(organizationId, Long.MAX_VALUE, time)
        .thenApply(
            state -> {
              states.put(
                  organizationId + '@' + state.revision(),
                  CompletableFuture.completedFuture(state));
              return state;
            });
  }

  private CompletionStage<OrganizationState> replay(
      String organizationId, long revision, Instant until) {
    return journal
        .currentEventsByPersistenceId(Journal.persistenceId(organizationId), 1, revision)
        .map(EventEnvelope::event)
        .map(OrganizationEvent.class::cast)
        .takeWhile(event -> until == null || !event.metadata().time().isAfter(until))
        .runWith(
            Sink.fold(OrganizationState.empty(organizationId), OrganizationState::apply), system);
  }
}
