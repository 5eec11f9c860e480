package io.castellan.server.history;

import io.castellan.server.journal.Journal;
import io.castellan.server.organization.JournaledTuple;
import io.castellan.server.organization.OrganizationEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The net tuple changes between two revisions, from the journal: a tuple written then deleted in
 * between (or deleted then written back as it was) does not appear; one whose condition changed
 * appears as deleted (as it was) and written (as it is).
 */
public final class TupleDiff {

  /** Tuples present at {@code to} but not at {@code from}, and the reverse. */
  public record Diff(
      long from, long to, List<JournaledTuple> written, List<JournaledTuple> deleted) {}

  private final ActorSystem<?> system;
  private final CassandraReadJournal journal;

  public TupleDiff(ActorSystem<?> system) {
    this.system = system;
    this.journal = Journal.reader(system);
  }

  /** The diff from revision {@code from} to revision {@code to} ({@code from <= to}). */
  public CompletionStage<Diff> between(String organizationId, long from, long to) {
    String persistenceId = Journal.persistenceId(organizationId);
    return journal
        .currentEventsByPersistenceId(persistenceId, from + 1, to)
        .map(EventEnvelope::event)
        .runWith(Sink.fold(new Tracks(), Tracks::add), system)
        .thenApply(tracks -> tracks.diff(from, to));
  }

  /** Each tuple's state before the range (as its first change shows it) and after it. */
  static final class Tracks {
    private record Track(JournaledTuple before, JournaledTuple after) {}

    private final Map<String, Track> tracks = new LinkedHashMap<>();

    Tracks add(Object event) {
      if (event instanceof OrganizationEvent.TuplesWritten written) { // only these change tuples
        written.deletes().forEach(tuple -> change(tuple, null));
        written.writes().forEach(tuple -> change(tuple, tuple));
      }
      return this;
    }

    private void change(JournaledTuple tuple, JournaledTuple after) {
      String key = tuple.key();
      Track track = tracks.get(key);
      // a delete's tuple was there before; a write's was not
      JournaledTuple before = track != null ? track.before() : (after == null ? tuple : null);
      tracks.put(key, new Track(before, after));
    }

    Diff diff(long from, long to) {
      List<JournaledTuple> written = new ArrayList<>();
      List<JournaledTuple> deleted = new ArrayList<>();
      for (Track track : tracks.values()) {
        if (Objects.equals(track.before(), track.after())) {
          continue;
        }
        if (track.before() != null) {
          deleted.add(track.before());
        }
        if (track.after() != null) {
          written.add(track.after());
        }
      }
      return new Diff(from, to, written, deleted);
    }
  }
}
