package io.castellan.server.journal;

import io.castellan.protocol.ErrorCode;
import io.castellan.protocol.Scope;
import io.castellan.server.async.Failures;
import io.castellan.server.organization.Caller;
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
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Lists organizations (OpenFGA's ListStores): the ids come from the journal's persistence ids,
 * sorted; each listed organization is asked for its summary, and those deleted or hidden from the
 * caller are left out (a page may hold fewer than its size; its token still moves on).
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
    this.journal = Journal.reader(system);
  }

  /**
   * Deleted (or never created) organizations, and those the caller may not read, are left out; any
   * other failure fails the listing.
   */
  private static boolean notListed(Throwable failure) {
    Throwable cause = Failures.cause(failure);
    return cause instanceof ServiceException service
        && (service.error().code() == ErrorCode.STORE_ID_NOT_FOUND
            || service.error().code() == ErrorCode.FORBIDDEN
            || service.error().code() == ErrorCode.UNAUTHENTICATED);
  }

  private static Summary rethrow(Throwable failure) {
    throw failure instanceof CompletionException completion
        ? completion
        : new CompletionException(failure);
  }

  /** The organizations {@code caller} may read, a page at a time. */
  public CompletionStage<Page> list(int pageSize, String after, Caller caller) {
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
                        .summary(id, caller, Scope.READ)
                        .toCompletableFuture()
                        .exceptionally(failure -> notListed(failure) ? null : rethrow(failure)));
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
