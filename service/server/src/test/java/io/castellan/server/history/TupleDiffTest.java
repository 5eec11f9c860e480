package io.castellan.server.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.castellan.server.organization.EventMetadata;
import io.castellan.server.organization.JournaledTuple;
import io.castellan.server.organization.OrganizationEvent.TuplesWritten;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The net changes a range of tuple events leaves. */
class TupleDiffTest {

  private static final JournaledTuple ANNE = tuple("user:anne", null);
  private static final JournaledTuple BOB = tuple("user:bob", null);

  private static JournaledTuple tuple(String user, Map<String, Object> context) {
    return new JournaledTuple("document:1", "viewer", user, context == null ? null : "c", context);
  }

  private static TuplesWritten event(
      long revision, List<JournaledTuple> writes, List<JournaledTuple> deletes) {
    return new TuplesWritten(
        new EventMetadata(revision, Instant.EPOCH, "operator", "r", null), writes, deletes);
  }

  private static TupleDiff.Diff diff(TuplesWritten... events) {
    TupleDiff.Tracks tracks = new TupleDiff.Tracks();
    for (TuplesWritten event : events) {
      tracks.add(event);
    }
    return tracks.diff(0, events.length);
  }

  @Test
  void aTupleWrittenThenDeletedLeavesNothing() {
    TupleDiff.Diff diff =
        diff(event(1, List.of(ANNE), List.of()), event(2, List.of(), List.of(ANNE)));
    assertEquals(List.of(), diff.written());
    assertEquals(List.of(), diff.deleted());
  }

  @Test
  void aTupleDeletedThenWrittenBackAsItWasLeavesNothing() {
    TupleDiff.Diff diff =
        diff(event(1, List.of(), List.of(ANNE)), event(2, List.of(ANNE), List.of()));
    assertEquals(List.of(), diff.written());
    assertEquals(List.of(), diff.deleted());
  }

  @Test
  void writesAndDeletesThatStayAreTheDiff() {
    TupleDiff.Diff diff = diff(event(1, List.of(BOB), List.of(ANNE)));
    assertEquals(List.of(BOB), diff.written());
    assertEquals(List.of(ANNE), diff.deleted());
  }

  @Test
  void aConditionChangedShowsTheOldTupleDeletedAndTheNewWritten() {
    JournaledTuple before = tuple("user:carl", Map.of("x", 1));
    JournaledTuple after = tuple("user:carl", Map.of("x", 2));
    TupleDiff.Diff diff = diff(event(1, List.of(after), List.of(before)));
    assertEquals(List.of(after), diff.written());
    assertEquals(List.of(before), diff.deleted());
  }
}
