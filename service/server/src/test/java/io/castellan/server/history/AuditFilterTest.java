package io.castellan.server.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.castellan.server.organization.JournaledTuple;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which audit entries a query keeps, and how it narrows their tuples. */
class AuditFilterTest {

  private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
  private static final JournaledTuple DOC7_ALICE =
      new JournaledTuple("document:7", "viewer", "user:alice", null, null);
  private static final JournaledTuple FOLDER_BOB =
      new JournaledTuple("folder:1", "editor", "user:bob", null, null);
  private static final AuditEntry TUPLES =
      new AuditEntry(
          5,
          T,
          "key:k1",
          "req",
          "why",
          "tuples",
          "written",
          null,
          List.of(DOC7_ALICE, FOLDER_BOB),
          List.of(),
          null);

  private static AuditFilter filter(String actor, String object, String user, Set<String> kinds) {
    return new AuditFilter(actor, object, null, null, user, kinds, 0, Long.MAX_VALUE, null, null);
  }

  @Test
  void noFilterKeepsEverything() {
    assertEquals(TUPLES, filter(null, null, null, null).apply(TUPLES));
  }

  @Test
  void tupleFiltersKeepTheEntryNarrowedToTheMatchingTuples() {
    AuditEntry narrowed = filter(null, "document:7", "user:alice", null).apply(TUPLES);
    assertEquals(List.of(DOC7_ALICE), narrowed.writes());
    assertEquals(List.of(FOLDER_BOB), filter(null, "folder:", null, null).apply(TUPLES).writes());
    assertNull(filter(null, "document:8", null, null).apply(TUPLES));
  }

  @Test
  void actorAndKindMustMatch() {
    assertNull(filter("operator", null, null, null).apply(TUPLES));
    assertNull(filter(null, null, null, Set.of("model")).apply(TUPLES));
    assertEquals(TUPLES, filter("key:k1", null, null, Set.of("tuples")).apply(TUPLES));
  }

  @Test
  void revisionsAndTimesBoundTheRangeBothEndsIncluded() {
    AuditFilter range = new AuditFilter(null, null, null, null, null, null, 5, 5, null, null);
    assertEquals(TUPLES, range.apply(TUPLES));
    assertNull(new AuditFilter(null, null, null, null, null, null, 6, 9, null, null).apply(TUPLES));
    assertTrue(
        new AuditFilter(null, null, null, null, null, null, 0, 4, null, null).pastTheEnd(TUPLES));
    assertTrue(
        new AuditFilter(null, null, null, null, null, null, 0, 99, null, T.minusSeconds(1))
            .pastTheEnd(TUPLES));
  }
}
