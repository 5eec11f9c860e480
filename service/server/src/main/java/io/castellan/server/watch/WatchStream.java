package io.castellan.server.watch;

import io.castellan.protocol.ErrorCode;
import io.castellan.protocol.RevisionToken;
import io.castellan.protocol.Scope;
import io.castellan.server.async.Failures;
import io.castellan.server.history.AuditEntry;
import io.castellan.server.history.AuditFilter;
import io.castellan.server.history.AuditLog;
import io.castellan.server.journal.Journal;
import io.castellan.server.organization.Caller;
import io.castellan.server.organization.OrganizationEvent;
import io.castellan.server.service.OrganizationService;
import io.castellan.server.service.ServiceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.stream.BufferOverflowException;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;

/**
 * One subscriber's stream of an organization's changes: the journal replayed after its start, then
 * the live feed. The seam needs no coordination: each subscriber keeps the last revision it has
 * passed; a live change at or below it is a duplicate and dropped, one beyond the next means the
 * feed skipped some (it promises no delivery, and a new subscriber attaches while changes go on)
 * and the skipped revisions are read from the journal first. When idle, it asks the organization
 * for its newest revision (which re-checks the caller's right to watch), reads anything it missed,
 * and sends a heartbeat.
 *
 * <p>Live changes wait in a bounded buffer per subscriber; a subscriber too slow for it is ended
 * with {@code watch_overflow} and the revision to resume from, so it never holds up the entity or
 * other subscribers.
 *
 * <p>The stream's elements are batches: the messages of one journal write, one replayed change or
 * one heartbeat, in order. With many subscribers each stage a subscriber's messages pass costs per
 * element, so a write's changes pass this stream's stages once, not once per change.
 */
public final class WatchStream {

  /** At most this many revisions are read from the journal to fill one gap of the live feed. */
  static final int MAX_GAP = 100_000;

  private static final Object TICK = new Object();

  private final ActorSystem<?> system;
  private final CassandraReadJournal journal;
  private final ChangeHub hub;
  private final OrganizationService organizations;
  private final WatchSettings settings;

  public WatchStream(
      ActorSystem<?> system,
      ChangeHub hub,
      OrganizationService organizations,
      WatchSettings settings) {
    this.system = system;
    this.journal = Journal.reader(system);
    this.hub = hub;
    this.organizations = organizations;
    this.settings = settings;
  }

  public WatchSettings settings() {
    return settings;
  }

  /**
   * The stream of changes after {@code since} (null: after {@code newest}, the organization's
   * newest revision when the caller was authorized) that {@code filter} wants, in batches that are
   * never empty. It ends with a {@link WatchMessage.Failure} when {@code since} is beyond {@code
   * newest}, when this node has no place for another subscriber, and when {@code stop} completes
   * (with the reason).
   */
  public Source<List<WatchMessage>, NotUsed> open(
      String organizationId,
      Caller caller,
      long newest,
      Long since,
      AuditFilter filter,
      Duration heartbeat,
      CompletionStage<String> stop) {
    if (since != null && since > newest) {
      return Source.single(
          List.of(
              new WatchMessage.Failure(
                      ErrorCode.INVALID_REVISION,
                      "since ("
                          + RevisionToken.of(since)
                          + ") is beyond this organization's newest revision, "
                          + RevisionToken.of(newest)
                          + ": a token of the future or of another organization")
                  .at(newest)));
    }
    return Source.fromMaterializer(
            (materializer, attributes) -> {
              if (!hub.reserve(organizationId)) {
                return Source.<List<WatchMessage>>single(
                    List.of(
                        new WatchMessage.Failure(
                                ErrorCode.TOO_MANY_SUBSCRIBERS,
                                "this node has no place for another subscriber of this organization"
                                    + " (castellan.watch.max-subscribers*); try another node or"
                                    + " later")
                            .at(since == null ? newest : since)));
              }
              Subscriber subscriber =
                  new Subscriber(
                      organizationId, caller, filter, since == null ? newest : since, heartbeat);
              return subscriber
                  .messages(since != null, stop)
                  .watchTermination(
                      (unused, done) -> {
                        done.whenComplete((ok, failure) -> hub.release(organizationId));
                        return NotUsed.notUsed();
                      });
            })
        .mapMaterializedValue(unused -> NotUsed.notUsed());
  }

  /** One subscriber's position; its stages run one at a time, so plain volatile fields do. */
  private final class Subscriber {
    private final String organizationId;
    private final Caller caller;
    private final AuditFilter filter;
    private final Duration heartbeat;
    // every revision up to here has been passed on (or filtered out)
    private volatile long passed;
    // the revision of the last message sent: where to resume should the stream end
    private volatile long delivered;
    private volatile long lastSentNanos = System.nanoTime();

    Subscriber(
        String organizationId, Caller caller, AuditFilter filter, long start, Duration heartbeat) {
      this.organizationId = organizationId;
      this.caller = caller;
      this.filter = filter;
      this.heartbeat = heartbeat;
      this.passed = start;
      this.delivered = start;
    }

    Source<List<WatchMessage>, NotUsed> messages(boolean replay, CompletionStage<String> stop) {
      Source<List<WatchMessage>, NotUsed> replayed =
          replay
              ? journal(passed + 1, Long.MAX_VALUE)
                  .map(this::pass)
                  .filter(batch -> !batch.isEmpty())
              : Source.<List<WatchMessage>>empty();
      Source<List<WatchMessage>, NotUsed> stopped =
          Source.completionStage(stop)
              .map(
                  reason ->
                      List.<WatchMessage>of(
                          new WatchMessage.Failure(ErrorCode.VALIDATION_ERROR, reason)));
      // concatLazy, not concat: concat pulls its next source at once, which would start the live
      // feed (and its gap reads) while the replay still runs, both moving 'passed'
      return Source.<List<WatchMessage>>single(List.of(new WatchMessage.Subscribed(passed)))
          .concatLazy(replayed)
          .concatLazy(
              Source.lazySource(this::live).mapMaterializedValue(unused -> NotUsed.notUsed()))
          .merge(stopped, true)
          .map(WatchStream::throughLast)
          .takeWhile(batch -> !batch.get(batch.size() - 1).last(), true)
          .map(this::sent)
          .recover(
              new PFBuilder<Throwable, List<WatchMessage>>()
                  .match(
                      BufferOverflowException.class,
                      overflow ->
                          List.of(
                              new WatchMessage.Failure(
                                  ErrorCode.WATCH_OVERFLOW,
                                  "the subscriber read too slowly for its buffer ("
                                      + settings.bufferSize()
                                      + " journal writes); resume with since="
                                      + RevisionToken.of(delivered),
                                  delivered)))
                  .matchAny(
                      failure -> {
                        system
                            .log()
                            .warn("watch of {} ended: {}", organizationId, failure.toString());
                        return List.of(
                            new WatchMessage.Failure(
                                ErrorCode.UNAVAILABLE,
                                "the stream failed ("
                                    + Failures.cause(failure).getMessage()
                                    + "); resume with since="
                                    + RevisionToken.of(delivered),
                                delivered));
                      })
                  .build());
    }

    /** Live changes and heartbeat ticks, each handled once the one before is done. */
    private Source<List<WatchMessage>, NotUsed> live() {
      Source<Object, NotUsed> changes =
          ActorSource.<LiveChanges>actorRef(
                  unused -> false,
                  unused -> Optional.empty(),
                  settings.bufferSize(),
                  OverflowStrategy.fail())
              .mapMaterializedValue(
                  ref -> {
                    hub.attach(organizationId, ref);
                    return ref;
                  })
              .watchTermination(
                  (ActorRef<LiveChanges> ref, CompletionStage<Done> done) -> {
                    done.whenComplete((ok, failure) -> hub.detach(organizationId, ref));
                    return NotUsed.notUsed();
                  })
              .map(change -> (Object) change);
      return changes
          .merge(Source.tick(heartbeat, heartbeat, TICK))
          .mapAsync(1, this::handle)
          .filter(batch -> !batch.isEmpty());
    }

    private CompletionStage<List<WatchMessage>> handle(Object notice) {
      if (notice instanceof LiveChanges changes) {
        long first = changes.entries().get(0).revision();
        if (first <= passed + 1) {
          return CompletableFuture.completedFuture(passAll(changes.entries(), new ArrayList<>()));
        }
        return fill(first - 1, true).thenApply(out -> passAll(changes.entries(), out));
      }
      return organizations
          .summary(organizationId, caller, Scope.WATCH)
          .thenCompose(summary -> fill(summary.revision(), false))
          .thenApply(
              out -> {
                if (out.isEmpty()
                    && System.nanoTime() - lastSentNanos >= heartbeat.toNanos() * 9 / 10) {
                  out.add(new WatchMessage.Heartbeat(passed));
                }
                return out;
              })
          .exceptionally(this::refused);
    }

    /** The caller may no longer watch (or the organization is gone): the stream ends. */
    private List<WatchMessage> refused(Throwable failure) {
      if (Failures.cause(failure) instanceof ServiceException refusal
          && refusal.error().code().httpStatus < 500) {
        return List.of(new WatchMessage.Failure(refusal.error().code(), refusal.error().message()));
      }
      return List.of(new WatchMessage.Heartbeat(passed)); // it stays as fresh as it was
    }

    /**
     * The revisions after {@code passed} through {@code through}, read from the journal. Short of
     * {@code through} (the journal lags), it fails when {@code all}; else it gives what it read,
     * whose revisions are passed and so must be sent.
     */
    private CompletionStage<List<WatchMessage>> fill(long through, boolean all) {
      if (through <= passed) {
        return CompletableFuture.completedFuture(new ArrayList<>());
      }
      return journal(passed + 1, through)
          .take(MAX_GAP)
          .runWith(Sink.seq(), system)
          .thenApply(
              entries -> {
                List<WatchMessage> out = passAll(entries, new ArrayList<>());
                if (all && passed < through) {
                  throw new IllegalStateException(
                      "the journal does not have revisions "
                          + (passed + 1)
                          + " to "
                          + through
                          + " yet");
                }
                return out;
              });
    }

    private List<WatchMessage> passAll(List<AuditEntry> entries, List<WatchMessage> out) {
      for (AuditEntry entry : entries) {
        out.addAll(pass(entry));
      }
      return out;
    }

    /** One revision: a duplicate is dropped, a gap is a failure (callers fill gaps first). */
    private List<WatchMessage> pass(AuditEntry entry) {
      long revision = entry.revision();
      if (revision <= passed) {
        return List.of();
      }
      if (revision != passed + 1) {
        throw new IllegalStateException(
            "revision " + revision + " arrived after " + passed + " with nothing between");
      }
      passed = revision;
      AuditEntry wanted = filter.apply(entry);
      boolean deleted = entry.kind().equals("organization") && entry.change().equals("deleted");
      if (wanted == null) {
        return deleted
            ? List.of(new WatchMessage.Closed(revision, "the organization was deleted"))
            : List.of();
      }
      return deleted
          ? List.of(
              new WatchMessage.Change(wanted),
              new WatchMessage.Closed(revision, "the organization was deleted"))
          : List.of(new WatchMessage.Change(wanted));
    }

    private List<WatchMessage> sent(List<WatchMessage> batch) {
      lastSentNanos = System.nanoTime();
      WatchMessage last = batch.get(batch.size() - 1);
      if (last instanceof WatchMessage.Failure failure && failure.revision() < 0) {
        // a failure is a batch's last message, and says where to resume: after the others
        if (batch.size() > 1) {
          delivered = batch.get(batch.size() - 2).revision();
        }
        List<WatchMessage> stamped = new ArrayList<>(batch);
        stamped.set(batch.size() - 1, failure.at(delivered));
        return stamped;
      }
      delivered = last.revision();
      return batch;
    }

    private Source<AuditEntry, NotUsed> journal(long from, long to) {
      return journal
          .currentEventsByPersistenceId(Journal.persistenceId(organizationId), from, to)
          .map(envelope -> AuditLog.entry((OrganizationEvent) envelope.event()));
    }
  }

  /** The batch up to its first message after which the stream ends. */
  static List<WatchMessage> throughLast(List<WatchMessage> batch) {
    for (int i = 0; i < batch.size() - 1; i++) {
      if (batch.get(i).last()) {
        return batch.subList(0, i + 1);
      }
    }
    return batch;
  }
}
