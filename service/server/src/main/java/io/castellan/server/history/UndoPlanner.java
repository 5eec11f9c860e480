package io.castellan.server.history;

import io.castellan.engine.store.IndexedTuple;
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

  /**
   * A later change of a tuple the undo would change (the tuple as it was changed, and when), or,
   * when the undo would change the latest model, a later model write ({@code tuple} null, {@code
   * modelId} the model then made latest).
   */
  public record Conflict(JournaledTuple tuple, boolean written, long revision, String modelId) {

    Conflict(JournaledTuple tuple, boolean written, long revision) {
      this(tuple, written, revision, null);
    }
  }

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
              if (from <= 1 || (!scan.modelChanged() && diff.deleted().isEmpty())) {
                return CompletableFuture.completedFuture(
                    new Plan(from, to, diff.written(), diff.deleted(), null));
              }
              // the organization before the range: its latest model, and each deleted tuple as
              // it was stored (deletes journaled before undo existed lack their conditions)
              return states
                  .atRevision(organizationId, from - 1)
                  .thenApply(
                      before -> {
                        ModelVersion model = scan.modelChanged() ? before.latestModel() : null;
                        List<JournaledTuple> restore = new ArrayList<>();
                        for (JournaledTuple deleted : diff.deleted()) {
                          IndexedTuple stored = before.tuples().find(deleted.toTuple());
                          restore.add(stored == null ? deleted : JournaledTuple.of(stored));
                        }
                        return new Plan(
                            from, to, diff.written(), restore, model == null ? null : model.id());
                      });
            });
  }

  /** The changes after {@code after} through {@code through} of the plan's tuples. */
  public CompletionStage<List<Conflict>> conflicts(
      String organizationId, Plan plan, long after, long through) {
    Set<String> keys = plan.keys();
    if ((keys.isEmpty() && plan.latestModelId() == null) || through <= after) {
      return CompletableFuture.completedFuture(List.of());
    }
    return journal
        .currentEventsByPersistenceId(Journal.persistenceId(organizationId), after + 1, through)
        .runWith(
            Sink.fold(
                new ArrayList<Conflict>(),
                (found, envelope) -> {
                  if (plan.latestModelId() != null) {
                    String model = latestModelSetBy(envelope.event());
                    if (model != null) {
                      found.add(new Conflict(null, true, envelope.sequenceNr(), model));
                    }
                  }
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
    return latestModelSetBy(event) != null;
  }

  /** The model an event makes the latest, or null. */
  private static String latestModelSetBy(Object event) {
    if (event instanceof OrganizationEvent.ModelWritten written) {
      return written.modelId();
    }
    if (event instanceof OrganizationEvent.TuplesWritten written && written.undoes() != null) {
      return written.undoes().latestModelId();
    }
    return null;
  }
}
