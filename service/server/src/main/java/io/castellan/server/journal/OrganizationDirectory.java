package io.castellan.server.journal;

import io.castellan.protocol.ErrorCode;
import io.castellan.server.async.Failures;
import io.castellan.server.organization.Organization;
import io.castellan.server.organization.OrganizationCommand.Summary;
import io.castellan.server.service.OrganizationService;
import io.castellan.server.service.ServiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Lists organizations (OpenFGA's ListStores): the ids come from the journal's persistence ids,
 * sorted; each listed organization is asked for its summary, and deleted ones are left out.
 */
public final class OrganizationDirectory {

  /** A page of organizations, and the last id it covered when more follow (null at the end). */
  public record Page(List<Summary> organizations, String lastId) {}

  private static final String PREFIX = Organization.ENTITY_KEY.name() + "|";

  private final ActorSystem<?> system;
  private final CassandraReadJournal journal;
  private final OrganizationService organizations;

  public OrganizationDirectory(ActorSystem<?> system, OrganizationService organizations) {
    this.system = system;
    this.organizations = organizations;
    this.journal =
        PersistenceQuery.get(system)
            .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
  }

  /** Deleted (or never created) organizations are left out; any other failure fails the listing. */
  private static boolean notFound(Throwable failure) {
    Throwable cause = Failures.cause(failure);
    return cause instanceof ServiceException service
        && service.error().code() == ErrorCode.STORE_ID_NOT_FOUND;
  }

  private static Summary rethrow(Throwable failure) {
    throw failure instanceof CompletionException completion
        ? completion
        : new CompletionException(failure);
  }

  public CompletionStage<Page> list(int pageSize, String after) {
    return journal
        .currentPersistenceIds()
        .filter(id -> id.startsWith(PREFIX))
        .map(id -> id.substring(PREFIX.length()))
        .filter(id -> after == null || id.compareTo(after) > 0)
        .runWith(Sink.seq(), system)
        .thenCompose(
            ids -> {
              List<String> sorted = new ArrayList<>(ids);
              sorted.sort(null);
              List<String> page = sorted.subList(0, Math.min(pageSize, sorted.size()));
              List<CompletableFuture<Summary>> summaries = new ArrayList<>();
              for (String id : page) {
                summaries.add(
                    organizations
                        .summary(id)
                        .toCompletableFuture()
                        .exceptionally(failure -> notFound(failure) ? null : rethrow(failure)));
              }
              String next = sorted.size() > page.size() ? page.get(page.size() - 1) : null;
              return CompletableFuture.allOf(summaries.toArray(new CompletableFuture<?>[0]))
                  .thenApply(
                      done -> {
                        List<Summary> active = new ArrayList<>();
                        for (CompletableFuture<Summary> summary : summaries) {
                          Summary value = summary.join();
                          if (value != null) {
                            active.add(value);
                          }
                        }
                        return new Page(active, next);
                      });
            });
  }
}
