package io.castellan.server.history;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.typesafe.config.ConfigFactory;
import io.castellan.server.journal.Journal;
import io.castellan.server.organization.OrganizationEvent;
import io.castellan.server.organization.OrganizationState;
import io.castellan.server.read.Followers;
import io.castellan.server.read.SnapshotRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An organization as it was at a past revision or time, rebuilt by replaying its journal (history
 * is unlimited: nothing is garbage-collected), through the same event handlers as the entity's.
 * Rebuilt states are kept (a bounded cache), so a second read at a revision costs what a live read
 * costs; and every {@code checkpointEvery}-th revision a replay passes is kept as a checkpoint, so
 * that the next replay of that organization starts from the nearest one at or below its revision
 * instead of from the start (states are persistent structures: checkpoints share most of their
 * memory). A replay also starts from the organization's own snapshot nearest below its revision
 * (or, for a time, the last one taken before it), when that is nearer: the entity takes one every
 * {@code castellan.organization.snapshot-every} events and keeps {@code snapshot-keep} of them, so
 * a revision nobody asked before costs at most that many events. The snapshot is read and decoded
 * while the journal is read from where that snapshot must be, side by side; none is read when a
 * checkpoint is at least as near. The live states of the organizations hosted here, as they pass
 * checkpoint revisions, are checkpoints too (told by the {@link SnapshotRegistry}): the recent past
 * needs no snapshot. Never changes the live state (states are immutable), so historical reads do
 * not block writes or live reads.
 *
 * <p>Snapshots are read through the snapshot store plugin's actor ({@code LoadSnapshot}), the one
 * way Pekko gives to read a snapshot other than the newest outside the entity.
 */
public final class HistoricalStates implements Followers.Journal, SnapshotRegistry.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(HistoricalStates.class);
  private static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(10);

  private final ActorSystem<?> system;
  private final CassandraReadJournal journal;
  private final AsyncCache<String, OrganizationState> states;
  // per organization, the states at every checkpointEvery-th revision replays went through
  private final Cache<String, NavigableMap<Long, OrganizationState>> checkpoints =
      Caffeine.newBuilder().maximumSize(64).build();

  /**
   * Per organization hosted here, its live states as they passed the last multiples of {@code
   * checkpointEvery} (and the first after it started here): a read in the recent past (before the
   * last write, an undo's preview) starts from one of them instead of from a snapshot, which is
   * most of a rebuild's cost. They share all but what changed since with the live state; only the
   * last {@link #LIVE_KEPT} are kept, and none once the organization leaves the node.
   */
  private final Cache<String, ConcurrentSkipListMap<Long, LiveState>> live =
      Caffeine.newBuilder().maximumSize(10_000).build();

  /**
   * A live state and when it was published: its events were all stamped by then; null for the state
   * an organization starts with on this node, whose events another node's clock may have stamped
   * (it serves reads at a revision only).
   */
  private record LiveState(OrganizationState state, Instant published) {}

  private static final int LIVE_KEPT = 2;

  /**
   * Per organization, the times asked before and the revision each named. A revision named may be
   * short of the time's last event (one stamped at or before it but journaled later, such as a
   * write whose outcome was unknown): it is only where reading the events starts.
   */
  private final Cache<String, ConcurrentSkipListMap<Instant, Long>> resolvedTimes =
      Caffeine.newBuilder().maximumSize(64).build();

  private static final int MAX_RESOLVED_TIMES = 1_000;

  private final int checkpointEvery;
  private final int snapshotEvery;
  private final ActorRef snapshotStore;
  private final MeterRegistry metrics;

  /**
   * {@code maxStates}: how many rebuilt states are kept; {@code checkpointEvery}: how far apart the
   * checkpoints of a replay are, in revisions; each rebuild is timed in {@code
   * castellan.history.rebuilds}, by where it started.
   */
  public HistoricalStates(
      ActorSystem<?> system, int maxStates, int checkpointEvery, MeterRegistry metrics) {
    if (checkpointEvery <= 0) {
      throw new IllegalArgumentException(
          "castellan.history.checkpoint-every must be positive, not " + checkpointEvery);
    }
    this.checkpointEvery = checkpointEvery;
    this.metrics = metrics;
    this.snapshotEvery = system.settings().config().getInt("castellan.organization.snapshot-every");
    this.system = system;
    this.journal = Journal.reader(system);
    this.states = Caffeine.newBuilder().maximumSize(maxStates).buildAsync();
    this.snapshotStore =
        Persistence.get(Adapter.toClassic(system))
            .snapshotStoreFor(
                system.settings().config().getString("pekko.persistence.snapshot-store.plugin"),
                ConfigFactory.empty());
  }

  /** Where the state of an organization at a revision is kept. */
  private static String key(String organizationId, long revision) {
    return organizationId + '@' + revision;
  }

  /** The organization as it was right after revision {@code revision}. */
  public CompletionStage<OrganizationState> atRevision(String organizationId, long revision) {
    return states.get(
        key(organizationId, revision),
        (key, executor) -> replay(organizationId, revision, null).toCompletableFuture());
  }

  /**
   * {@code state}, the organization at its revision, kept as that revision's past state: a read at
   * the revision a node has at hand needs no rebuild, now or once later changes have followed.
   */
  public CompletionStage<OrganizationState> keep(OrganizationState state) {
    return states.get(
        key(state.id(), state.revision()),
        (key, executor) -> CompletableFuture.completedFuture(state));
  }

  @Override
  public void published(OrganizationState previous, OrganizationState state) {
    if (!state.isActive()) { // deleted: nothing to read of it, and they share nothing with it now
      live.invalidate(state.id());
      return;
    }
    if (previous != null
        && previous.revision() / checkpointEvery == state.revision() / checkpointEvery) {
      return;
    }
    ConcurrentSkipListMap<Long, LiveState> kept =
        live.get(state.id(), id -> new ConcurrentSkipListMap<>());
    // the entity stamps its events with the system clock too, before it publishes them
    kept.put(state.revision(), new LiveState(state, previous == null ? null : Instant.now()));
    while (kept.size() > LIVE_KEPT) {
      kept.pollFirstEntry();
    }
  }

  @Override
  public void withdrawn(String organizationId) {
    live.invalidate(organizationId);
  }

  /** The organization's newest journaled state; not kept (it is no past state yet). */
  @Override
  public CompletionStage<OrganizationState> newest(String organizationId) {
    return replay(organizationId, Long.MAX_VALUE, null);
  }

  @Override
  public CompletionStage<List<OrganizationEvent>> eventsAfter(
      String organizationId, long revision) {
    return events(organizationId, revision + 1, Long.MAX_VALUE).runWith(Sink.seq(), system);
  }

  /**
   * The organization as it was at {@code time}: after the last event at or before it. A time is
   * answered from a state kept for an earlier time when the times asked before bound the answer
   * within {@code snapshot-every} revisions (the same time again, or one between two), reading only
   * the events after that state (always: one stamped at or before the time may have been journaled
   * since); else by a replay from the snapshot taken before it.
   */
  public CompletionStage<OrganizationState> atTime(String organizationId, Instant time) {
    ConcurrentSkipListMap<Instant, Long> resolved =
        resolvedTimes.get(organizationId, id -> new ConcurrentSkipListMap<>());
    Map.Entry<Instant, Long> before = resolved.floorEntry(time);
    Map.Entry<Instant, Long> after = resolved.ceilingEntry(time);
    if (before != null && after != null && after.getValue() - before.getValue() <= snapshotEvery) {
      CompletableFuture<OrganizationState> kept =
          states.getIfPresent(key(organizationId, before.getValue()));
      if (kept != null && kept.isDone() && !kept.isCompletedExceptionally()) {
        return forward(kept.join(), time)
            .thenCompose(
                state ->
                    state != null
                        ? CompletableFuture.completedFuture(remember(state, time, resolved))
                        : replayAtTime(organizationId, time, resolved));
      }
    }
    return replayAtTime(organizationId, time, resolved);
  }

  private CompletionStage<OrganizationState> replayAtTime(
      String organizationId, Instant time, ConcurrentSkipListMap<Instant, Long> resolved) {
    return replay(organizationId, Long.MAX_VALUE, time)
        .thenApply(state -> remember(state, time, resolved));
  }

  /** Keeps {@code state}, the organization as it was at {@code time}. */
  private OrganizationState remember(
      OrganizationState state, Instant time, ConcurrentSkipListMap<Instant, Long> resolved) {
    states.put(key(state.id(), state.revision()), CompletableFuture.completedFuture(state));
    resolved.merge(time, state.revision(), Math::max); // a slower, older answer never wins
    while (resolved.size() > MAX_RESOLVED_TIMES) {
      resolved.pollFirstEntry();
    }
    return state;
  }

  /**
   * {@code from} (a state at or before {@code time}) with the events after it up to {@code time};
   * null when more than {@code snapshot-every} of them would have to be read (a replay from a
   * snapshot is then the shorter way). An event journaled after {@code from} was kept but stamped
   * at or before {@code time} (a write that was under way) is applied too.
   */
  private CompletionStage<OrganizationState> forward(OrganizationState from, Instant time) {
    return events(from.id(), from.revision() + 1, Long.MAX_VALUE)
        .takeWhile(event -> !event.metadata().time().isAfter(time), true)
        .take(snapshotEvery + 1L)
        .runWith(Sink.seq(), system)
        .thenApply(
            events -> {
              OrganizationState state = from;
              for (OrganizationEvent event : events) {
                if (event.metadata().time().isAfter(time)) {
                  return state;
                }
                state = state.apply(event);
              }
              return events.size() <= snapshotEvery ? state : null;
            });
  }

  private CompletionStage<OrganizationState> replay(
      String organizationId, long revision, Instant until) {
    NavigableMap<Long, OrganizationState> marks =
        checkpoints.get(organizationId, id -> new ConcurrentSkipListMap<>());
    Map.Entry<Long, OrganizationState> nearest =
        until == null
            ? later(marks.floorEntry(revision), liveFloor(organizationId, revision))
            : null;
    OrganizationState checkpoint =
        nearest == null ? OrganizationState.empty(organizationId) : nearest.getValue();
    long started = System.nanoTime();
    if (until != null) {
      OrganizationState recent = liveBefore(organizationId, until);
      if (recent != null) {
        return replayFrom(recent, revision, until, marks)
            .thenApply(state -> logged(state, recent, recent, started));
      }
      // a time names no revision: which events follow is known once the snapshot is
      return snapshot(organizationId, revision, until)
          .thenCompose(
              snapshot -> {
                OrganizationState from = nearer(snapshot, checkpoint);
                return replayFrom(from, revision, until, marks)
                    .thenApply(state -> logged(state, from, checkpoint, started));
              });
    }
    // the entity snapshots on the write that reaches a multiple of snapshot-every (in a group
    // commit, the batch that passes one): the snapshot nearest below a revision was taken at or
    // just after the last such multiple
    long snapshotFloor = revision - revision % snapshotEvery;
    if (checkpoint.revision() >= snapshotFloor) {
      return replayFrom(checkpoint, revision, null, marks)
          .thenApply(state -> logged(state, checkpoint, checkpoint, started));
    }
    // the snapshot's read and decoding, and the journal's read of the events after it, side by side
    CompletableFuture<List<OrganizationEvent>> events =
        events(organizationId, snapshotFloor + 1, revision)
            .runWith(Sink.seq(), system)
            .toCompletableFuture()
            .exceptionally(failure -> null);
    return snapshot(organizationId, revision, null)
        .thenCombine(events, (snapshot, after) -> new Start(snapshot, after))
        .thenCompose(
            start -> {
              OrganizationState from = nearer(start.snapshot(), checkpoint);
              if (start.eventsAfter() == null) { // the journal read failed: once more, whole
                return replayFrom(from, revision, null, marks)
                    .thenApply(state -> logged(state, from, checkpoint, started));
              }
              // from the snapshot, or if none is where expected (a group commit straddled the
              // multiple, or it could not be read) from an earlier start, reading the journal
              // again only up to where the events fetched start
              CompletionStage<OrganizationState> upToFloor =
                  from.revision() >= snapshotFloor
                      ? CompletableFuture.completedFuture(from)
                      : replayFrom(from, snapshotFloor, null, marks);
              return upToFloor.thenApply(
                  state -> {
                    for (OrganizationEvent event : start.eventsAfter()) {
                      if (event.metadata().revision() > state.revision()) {
                        state = applyAndMark(state, event, marks);
                      }
                    }
                    return logged(state, from, checkpoint, started);
                  });
            });
  }

  private Map.Entry<Long, OrganizationState> liveFloor(String organizationId, long revision) {
    NavigableMap<Long, LiveState> kept = live.getIfPresent(organizationId);
    Map.Entry<Long, LiveState> floor = kept == null ? null : kept.floorEntry(revision);
    return floor == null ? null : Map.entry(floor.getKey(), floor.getValue().state());
  }

  /**
   * The newest live state kept that was published by {@code time}, or null. Live states are kept as
   * they pass the last two checkpoint revisions, so fewer than {@code checkpointEvery} events (and
   * a group commit) lie between it and the last one stamped by {@code time}: no snapshot is nearer.
   */
  private OrganizationState liveBefore(String organizationId, Instant time) {
    NavigableMap<Long, LiveState> kept = live.getIfPresent(organizationId);
    if (kept != null) {
      for (LiveState state : kept.descendingMap().values()) {
        if (state.published() != null && !state.published().isAfter(time)) {
          return state.state();
        }
      }
    }
    return null;
  }

  private static Map.Entry<Long, OrganizationState> later(
      Map.Entry<Long, OrganizationState> one, Map.Entry<Long, OrganizationState> other) {
    if (one == null) {
      return other;
    }
    return other != null && other.getKey() > one.getKey() ? other : one;
  }

  /** Where a replay may start: a snapshot, and the events the journal holds after its floor. */
  private record Start(OrganizationState snapshot, List<OrganizationEvent> eventsAfter) {}

  private static OrganizationState nearer(
      OrganizationState snapshot, OrganizationState checkpoint) {
    return snapshot != null && snapshot.revision() > checkpoint.revision() ? snapshot : checkpoint;
  }

  /**
   * Rebuilds are rare and cost up to a second: each one is logged, with where it started, and
   * timed.
   */
  private OrganizationState logged(
      OrganizationState state,
      OrganizationState from,
      OrganizationState checkpoint,
      long startedNanos) {
    long nanos = System.nanoTime() - startedNanos;
    String start = from != checkpoint ? "snapshot" : from.revision() == 0 ? "start" : "checkpoint";
    Timer.builder("castellan.history.rebuilds")
        .description(
            "states rebuilt from the journal (time travel, followers), by where it started")
        .tag("from", start)
        .publishPercentileHistogram()
        .register(metrics)
        .record(Duration.ofNanos(nanos));
    LOG.info(
        "rebuilt {} at r{} from {} r{} and {} events in {} ms",
        state.id(),
        state.revision(),
        switch (start) {
          case "snapshot" -> "its snapshot at";
          case "start" -> "the start at";
          default -> "a checkpoint at";
        },
        from.revision(),
        state.revision() - from.revision(),
        nanos / 1_000_000);
    return state;
  }

  /**
   * The organization's snapshot nearest at or below {@code revision} (taken before {@code until},
   * if given), or null when there is none or it cannot be read (the replay then starts earlier).
   */
  private CompletionStage<OrganizationState> snapshot(
      String organizationId, long revision, Instant until) {
    SnapshotSelectionCriteria criteria =
        SnapshotSelectionCriteria.create(
            revision, until == null ? Long.MAX_VALUE : until.toEpochMilli());
    return Patterns.ask(
            snapshotStore,
            new SnapshotProtocol.LoadSnapshot(
                Journal.persistenceId(organizationId), criteria, revision),
            SNAPSHOT_TIMEOUT)
        .handle(
            (answer, failure) -> {
              if (answer instanceof SnapshotProtocol.LoadSnapshotResult result
                  && result.snapshot().isDefined()
                  && result.snapshot().get().snapshot() instanceof OrganizationState state
                  && state.revision() <= revision) {
                return state;
              }
              return null;
            });
  }

  private CompletionStage<OrganizationState> replayFrom(
      OrganizationState start,
      long revision,
      Instant until,
      NavigableMap<Long, OrganizationState> marks) {
    return events(start.id(), start.revision() + 1, revision)
        .takeWhile(event -> until == null || !event.metadata().time().isAfter(until))
        .runWith(Sink.fold(start, (state, event) -> applyAndMark(state, event, marks)), system);
  }

  /** The organization's events from {@code from} to {@code to} (revisions, inclusive). */
  private Source<OrganizationEvent, NotUsed> events(String organizationId, long from, long to) {
    return journal
        .currentEventsByPersistenceId(Journal.persistenceId(organizationId), from, to)
        .map(envelope -> (OrganizationEvent) envelope.event());
  }

  private OrganizationState applyAndMark(
      OrganizationState state,
      OrganizationEvent event,
      NavigableMap<Long, OrganizationState> marks) {
    OrganizationState next = state.apply(event);
    if (next.revision() % checkpointEvery == 0) {
      marks.put(next.revision(), next);
    }
    return next;
  }
}
