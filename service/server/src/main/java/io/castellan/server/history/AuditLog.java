package io.castellan.server.history;

import io.castellan.server.journal.Journal;
import io.castellan.server.organization.EventMetadata;
import io.castellan.server.organization.JournaledTuple;
import io.castellan.server.organization.OrganizationEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The audit trail of an organization: its journal's events as {@link AuditEntry}s, filtered, as a
 * stream (for export) or a page at a time. Reads Cassandra with Pekko Persistence Query.
 */
public final class AuditLog {

  /** How many journal events one page may scan while looking for matching entries. */
  static final int MAX_EVENTS_SCANNED_PER_PAGE = 5000;

  /** A page of entries; {@code nextRevision} is where the next page starts (0: no more). */
  public record Page(List<AuditEntry> entries, long nextRevision) {}

  private final ActorSystem<?> system;
  private final CassandraReadJournal journal;

  public AuditLog(ActorSystem<?> system) {
    this.system = system;
    this.journal = Journal.reader(system);
  }

  /** Every entry the filter wants, in revision order, up to the newest journaled now. */
  public Source<AuditEntry, NotUsed> stream(String organizationId, AuditFilter filter) {
    return events(organizationId, filter.fromRevision())
        .takeWhile(entry -> !filter.pastTheEnd(entry))
        .mapConcat(
            entry -> {
              AuditEntry wanted = filter.apply(entry); // a stream element is never null
              return wanted == null ? List.of() : List.of(wanted);
            });
  }

  /** Up to {@code pageSize} entries from {@code filter.fromRevision()} on. */
  public CompletionStage<Page> page(String organizationId, AuditFilter filter, int pageSize) {
    return events(organizationId, filter.fromRevision())
        .take(MAX_EVENTS_SCANNED_PER_PAGE)
        .runWith(Sink.seq(), system)
        .thenApply(
            scanned -> {
              List<AuditEntry> entries = new ArrayList<>();
              for (AuditEntry entry : scanned) {
                if (filter.pastTheEnd(entry)) {
                  return new Page(entries, 0);
                }
                AuditEntry wanted = filter.apply(entry);
                if (wanted != null) {
                  entries.add(wanted);
                  if (entries.size() == pageSize) {
                    return new Page(entries, entry.revision() + 1);
                  }
                }
              }
              return new Page(
                  entries,
                  scanned.size() < MAX_EVENTS_SCANNED_PER_PAGE
                      ? 0
                      : scanned.get(scanned.size() - 1).revision() + 1);
            });
  }

  private Source<AuditEntry, NotUsed> events(String organizationId, long fromRevision) {
    String persistenceId = Journal.persistenceId(organizationId);
    return journal
        .currentEventsByPersistenceId(persistenceId, Math.max(1, fromRevision), Long.MAX_VALUE)
        .map(EventEnvelope::event)
        .map(event -> entry((OrganizationEvent) event));
  }

  /** The audit entry of one event. */
  public static AuditEntry entry(OrganizationEvent event) {
    return event.accept(ENTRIES);
  }

  private static final OrganizationEvent.Visitor<AuditEntry> ENTRIES =
      new OrganizationEvent.Visitor<>() {
        @Override
        public AuditEntry created(OrganizationEvent.OrganizationCreated event) {
          return of(event.metadata(), "organization", "created", null, List.of(), List.of());
        }

        @Override
        public AuditEntry deleted(OrganizationEvent.OrganizationDeleted event) {
          return of(event.metadata(), "organization", "deleted", null, List.of(), List.of());
        }

        @Override
        public AuditEntry modelWritten(OrganizationEvent.ModelWritten event) {
          return of(event.metadata(), "model", "written", event.modelId(), List.of(), List.of());
        }

        @Override
        public AuditEntry tuplesWritten(OrganizationEvent.TuplesWritten event) {
          return new AuditEntry(
              event.metadata().revision(),
              event.metadata().time(),
              event.metadata().actor(),
              event.metadata().requestId(),
              event.metadata().reason(),
              "tuples",
              event.undoes() == null ? "written" : "undone",
              null,
              event.writes(),
              event.deletes(),
              event.undoes());
        }

        @Override
        public AuditEntry apiKeyCreated(OrganizationEvent.ApiKeyCreated event) {
          return of(event.metadata(), "keys", "created", event.key().id(), List.of(), List.of());
        }

        @Override
        public AuditEntry apiKeyRevoked(OrganizationEvent.ApiKeyRevoked event) {
          return of(event.metadata(), "keys", "revoked", event.keyId(), List.of(), List.of());
        }

        @Override
        public AuditEntry sharedBy(OrganizationEvent.SharedBy event) {
          return of(
              event.metadata(),
              "sharing",
              "shared",
              event.organization(),
              event.granted(),
              event.withdrawn());
        }
      };

  private static AuditEntry of(
      EventMetadata metadata,
      String kind,
      String change,
      String subject,
      List<JournaledTuple> writes,
      List<JournaledTuple> deletes) {
    return new AuditEntry(
        metadata.revision(),
        metadata.time(),
        metadata.actor(),
        metadata.requestId(),
        metadata.reason(),
        kind,
        change,
        subject,
        writes,
        deletes,
        null);
  }
}
