package io.castellan.server.history;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.castellan.server.journal.Journal;
import io.castellan.server.organization.OrganizationEvent;
import io.castellan.server.organization.OrganizationState;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * An organization as it was at a past revision or time, rebuilt by replaying its journal (history
 * is unlimited: nothing is garbage-collected), through the same event handlers as the entity's.
 * Rebuilt states are kept (a bounded cache), so a second read at a revision costs what a live read
 * costs; and every {@code checkpointEvery}-th revision a replay passes is kept as a checkpoint, so
 * that the next replay of that organization starts from the nearest one at or below its revision
 * instead of from the start (states are persistent structures: checkpoints share most of their
 * memory). A read at a time replays from the start (a state does not know its time). Never touches
 * the live state, so historical reads do not block writes or live reads.
 */
public final class HistoricalStates {

  private final ActorSystem<?> system;
  private final CassandraReadJournal journal;
  private final AsyncCache<String, OrganizationState> states;
  // per organization, the states at every checkpointEvery-th revision replays went through
  private final Cache<String, NavigableMap<Long, OrganizationState>> checkpoints =
      Caffeine.newBuilder().maximumSize(64).build();

  private final int checkpointEvery;

  /**
   * {@code maxStates}: how many rebuilt states are kept; {@code checkpointEvery}: how far apart the
   * checkpoints of a replay are, in revisions.
   */
  public HistoricalStates(ActorSystem<?> system, int maxStates, int checkpointEvery) {
    this.checkpointEvery = checkpointEvery;
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
    NavigableMap<Long, OrganizationState> marks =
        checkpoints.get(organizationId, id -> new ConcurrentSkipListMap<>());
    Map.Entry<Long, OrganizationState> nearest = until == null ? marks.floorEntry(revision) : null;
    OrganizationState start =
        nearest == null ? OrganizationState.empty(organizationId) : nearest.getValue();
    return journal
        .currentEventsByPersistenceId(
            Journal.persistenceId(organizationId), start.revision() + 1, revision)
        .map(EventEnvelope::event)
        .map(OrganizationEvent.class::cast)
        .takeWhile(event -> until == null || !event.metadata().time().isAfter(until))
        .runWith(
            Sink.fold(
                start,
                (state, event) -> {
                  OrganizationState next = state.apply(event);
                  if (next.revision() % checkpointEvery == 0) {
                    marks.put(next.revision(), next);
                  }
                  return next;
                }),
            system);
  }
}
