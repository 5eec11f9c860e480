package io.castellan.server.journal;

import io.castellan.server.organization.JournaledTuple;
import io.castellan.server.organization.OrganizationEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The tuple changes of an organization in order, read from the journal (OpenFGA's ReadChanges): not
 * a hot path, so it reads Cassandra rather than memory, and it sees exactly what was journaled.
 */
public final class ChangeLog {

  /** How many journal events one page may scan while looking for changes of a type. */
  private static final int MAX_EVENTS_SCANNED = 1000;

  /** One tuple written or deleted, at a revision. */
  public record Change(JournaledTuple tuple, boolean write, Instant time, long revision) {}

  /** A page of changes; {@code nextRevision} is where the next page starts. */
  public record Page(List<Change> changes, long nextRevision) {}

  private final ActorSystem<?> system;
  private final CassandraReadJournal journal;

  public ChangeLog(ActorSystem<?> system) {
    this.system = system;
    this.journal = Journal.reader(system);
  }

  /** Up to {@code pageSize} changes from {@code fromRevision} on, optionally of one object type. */
  public CompletionStage<Page> changes(
      String organizationId, String objectType, int pageSize, long fromRevision) {
    String persistenceId = Journal.persistenceId(organizationId);
    return journal
        .currentEventsByPersistenceId(persistenceId, Math.max(1, fromRevision), Long.MAX_VALUE)
        .take(MAX_EVENTS_SCANNED)
        .runWith(Sink.seq(), system)
        .thenApply(
            envelopes -> {
              List<Change> changes = new ArrayList<>();
              long next = fromRevision;
              for (EventEnvelope envelope : envelopes) {
                if (changes.size() >= pageSize) {
                  break;
                }
                next = envelope.sequenceNr() + 1;
                if (envelope.event() instanceof OrganizationEvent.TuplesWritten written) {
                  Instant time = written.metadata().time();
                  for (JournaledTuple deleted : written.deletes()) {
                    add(
                        changes,
                        new Change(deleted, false, time, envelope.sequenceNr()),
                        objectType);
                  }
                  for (JournaledTuple added : written.writes()) {
                    add(changes, new Change(added, true, time, envelope.sequenceNr()), objectType);
                  }
                }
              }
              return new Page(changes, next);
            });
  }

  private static void add(List<Change> changes, Change change, String objectType) {
    if (objectType == null || change.tuple().object().startsWith(objectType + ":")) {
      changes.add(change);
    }
  }
}
