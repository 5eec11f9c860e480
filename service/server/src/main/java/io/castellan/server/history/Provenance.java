package io.castellan.server.history;

import io.castellan.server.journal.Journal;
import io.castellan.server.organization.JournaledTuple;
import io.castellan.server.organization.OrganizationEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Where stored tuples came from: for each, the change that last wrote it, read from the journal.
 * The state does not keep a revision per tuple (that would cost every tuple memory for a question
 * asked rarely), so this reads the organization's journal up to the revision asked about.
 */
public final class Provenance {

  private final ActorSystem<?> system;
  private final CassandraReadJournal journal;

  public Provenance(ActorSystem<?> system) {
    this.system = system;
    this.journal = Journal.reader(system);
  }

  /**
   * For each tuple key ({@link JournaledTuple#key()}) present at {@code revision}, the audit entry
   * of the change that wrote it last, narrowed to that tuple.
   */
  public CompletionStage<Map<String, AuditEntry>> lastWrites(
      String organizationId, Set<String> keys, long revision) {
    if (keys.isEmpty()) {
      return CompletableFuture.completedFuture(Map.of());
    }
    return journal
        .currentEventsByPersistenceId(Journal.persistenceId(organizationId), 1, revision)
        .runWith(
            Sink.fold(
                new HashMap<String, AuditEntry>(),
                (found, envelope) -> {
                  if (envelope.event() instanceof OrganizationEvent.TuplesWritten written) {
                    for (JournaledTuple deleted : written.deletes()) {
                      found.remove(deleted.key());
                    }
                    AuditEntry entry = null;
                    for (JournaledTuple tuple : written.writes()) {
                      if (keys.contains(tuple.key())) {
                        entry = entry == null ? AuditLog.entry(written) : entry;
                        found.put(tuple.key(), entry);
                      }
                    }
                  }
                  return found;
                }),
            system)
        .thenApply(Map::copyOf);
  }
}
