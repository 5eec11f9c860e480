package io.castellan.server.history;

import io.castellan.server.journal.Journal;
import io.castellan.server.organization.JournaledTuple;
import io.castellan.server.organization.ModelVersion;
import io.castellan.server.organization.OrganizationEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * What undoing a range of revisions takes, read from the journal: the net tuple changes of the
 * range reversed (tuples it wrote are removed, tuples it deleted restored as they were), the model
 * that was the latest before it when the range changed the latest model, and the later changes that
 * touched the same tuples (conflicts).
 */
public final class UndoPlanner {

  /** The reversal of revisions {@code from} through {@code to}. */
  public record Plan(
      long from,
      long to,
      List<JournaledTuple> remove,
      List<JournaledTuple> restore,
      String latestModelId) {

    Set<String> keys() {
      Set<String> keys = new HashSet<>();
      remove.forEach(tuple -> keys.add(tuple.key()));
      restore.forEach(tuple -> keys.add(tuple.key()));
      return keys;
    }
  }

  /** A later change of a tuple the undo would change: the tuple as it was changed, and when. */
  public record Conflict(JournaledTuple tuple, boolean written, long revision) {}

  private final ActorSystem<?> system;
  private final CassandraReadJournal journal;
  private final HistoricalStates states;

  public UndoPlanner(ActorSystem<?> system, HistoricalStates states) {
    this.system = system;
    this.journal = Journal.reader(system);
    this.states = states;
  }

  public CompletionStage<Plan> plan(String organizationId, long from, long to) {
    record Scan(TupleDiff.Tracks tracks, boolean modelChanged) {}
    return events(organizationId, from, to)
        .runWith(
            Sink.fold(
                new Scan(new TupleDiff.Tracks(), false),
                (scan, event) ->
                    new Scan(scan.tracks().add(event), scan.modelChanged() || changesModel(event))),
            system)
        .thenCompose(
            scan -> {
              TupleDiff.Diff diff = scan.tracks().diff(from - 1, to);
              CompletionStage<String> latest =
                  !scan.modelChanged() || from <= 1
                      ? CompletableFuture.completedFuture(null)
                      : states
                          .atRevision(organizationId, from - 1)
                          .thenApply(
                              state -> {
                                ModelVersion model = state.latestModel();
                                return model == null ? null : model.id();
                              });
              return latest.thenApply(
                  model -> new Plan(from, to, diff.written(), diff.deleted(), model));
            });
  }

  /** The changes after {@code after} through {@code through} of the plan's tuples. */
  public CompletionStage<List<Conflict>> conflicts(
      String organizationId, Plan plan, long after, long through) {
    Set<String> keys = plan.keys();
    if (keys.isEmpty() || through <= after) {
      return CompletableFuture.completedFuture(List.of());
    }
    return journal
        .currentEventsByPersistenceId(Journal.persistenceId(organizationId), after + 1, through)
        .runWith(
            Sink.fold(
                new ArrayList<Conflict>(),
                (found, envelope) -> {
                  if (envelope.event() instanceof OrganizationEvent.TuplesWritten written) {
                    for (JournaledTuple tuple : written.deletes()) {
                      if (keys.contains(tuple.key())) {
                        found.add(new Conflict(tuple, false, envelope.sequenceNr()));
                      }
                    }
                    for (JournaledTuple tuple : written.writes()) {
                      if (keys.contains(tuple.key())) {
                        found.add(new Conflict(tuple, true, envelope.sequenceNr()));
                      }
                    }
                  }
                  return found;
                }),
            system)
        .thenApply(List::copyOf);
  }

  private Source<Object, NotUsed> events(String organizationId, long from, long to) {
    return journal
        .currentEventsByPersistenceId(Journal.persistenceId(organizationId), from, to)
        .map(EventEnvelope::event);
  }

  private static boolean changesModel(Object event) {
    return event instanceof OrganizationEvent.ModelWritten
        || (event instanceof OrganizationEvent.TuplesWritten written
            && written.undoes() != null
            && written.undoes().latestModelId() != null);
  }
}
