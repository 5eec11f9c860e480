package io.castellan.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TupleStoreTest {

  /** {@code type:id#relation@subjectType:subjectId[#subjectRelation]}, without a condition. */
  private static IndexedTuple tuple(String text) {
    return tuple(text, null);
  }

  private static IndexedTuple tuple(String text, TupleCondition condition) {
    int at = text.indexOf('@');
    String[] object = text.substring(0, at).split("[:#]");
    String[] subject = text.substring(at + 1).split("[:#]");
    return new IndexedTuple(
        object[0],
        object[1],
        object[2],
        subject[0],
        subject[1],
        subject.length > 2 ? subject[2] : null,
        condition);
  }

  private static TupleStore write(TupleStore store, IndexedTuple... tuples) {
    return store.apply(List.of(), List.of(tuples));
  }

  private static TupleStore delete(TupleStore store, IndexedTuple... tuples) {
    return store.apply(List.of(tuples), List.of());
  }

  private static Set<String> direct(TupleReader store, String type, String id, String relation) {
    Set<String> seen = new HashSet<>();
    assertTrue(store.visitDirect(type, id, relation, t -> seen.add(t.toString()) || true));
    return seen;
  }

  private static Set<String> usersets(TupleReader store, String type, String id, String relation) {
    Set<String> seen = new HashSet<>();
    assertTrue(store.visitUsersets(type, id, relation, t -> seen.add(t.toString()) || true));
    return seen;
  }

  private static Set<String> bySubject(TupleReader store, String type, String id) {
    Set<String> seen = new HashSet<>();
    assertTrue(store.visitBySubject(type, id, t -> seen.add(t.toString()) || true));
    return seen;
  }

  private static Set<String> all(TupleReader store) {
    Set<String> seen = new HashSet<>();
    List<String> visited = new ArrayList<>();
    assertTrue(store.visitAll(t -> visited.add(t.toString())));
    seen.addAll(visited);
    assertEquals(visited.size(), seen.size(), "visitAll must see each tuple once");
    return seen;
  }

  private static final TupleCondition IN_OFFICE =
      new TupleCondition("in_office", Map.of("office", "paris"));
  private static final TupleCondition ON_WEEKDAYS = new TupleCondition("on_weekdays", Map.of());

  // --- apply: writes, deletes, size -------------------------------------------------------

  /** Walks the store a few partitions at a time, as an export does, across versions. */
  @Test
  void aWalkByPartitionsSeesEveryTupleOnceWhileTheStoreGrows() {
    TupleStore store = TupleStore.EMPTY;
    List<IndexedTuple> first = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      first.add(tuple("document:" + (i % 900) + "#viewer@user:u" + i));
    }
    store = store.apply(List.of(), first);
    List<String> seen = new ArrayList<>();
    int from = 0;
    int step = 7;
    int written = 0;
    while (from < TupleStore.PARTITIONS) {
      int to = Math.min(from + step, TupleStore.PARTITIONS);
      assertTrue(store.visitPartitions(from, to, t -> seen.add(t.toString())));
      from = to;
      // the store grows between pages (and its shards split): tuples already there stay put
      List<IndexedTuple> more = new ArrayList<>();
      for (int i = 0; i < 40; i++, written++) {
        more.add(tuple("folder:" + written + "#owner@user:x" + written));
      }
      store = store.apply(List.of(), more);
    }
    Set<String> unique = new HashSet<>(seen);
    assertEquals(seen.size(), unique.size(), "no tuple twice");
    for (IndexedTuple tuple : first) {
      assertTrue(unique.contains(tuple.toString()), "missed " + tuple);
    }
    Set<String> whole = new HashSet<>();
    assertTrue(store.visitPartitions(0, TupleStore.PARTITIONS, t -> whole.add(t.toString())));
    assertEquals(all(store), whole);
  }

  @Test
  void theEmptyStoreHoldsNothing() {
    assertEquals(0, TupleStore.EMPTY.size());
    assertEquals(Set.of(), all(TupleStore.EMPTY));
    assertNull(TupleStore.EMPTY.find(tuple("document:1#viewer@user:anne")));
  }

  @Test
  void aWrittenTupleIsContainedAndCounted() {
    TupleStore store = write(TupleStore.EMPTY, tuple("document:1#viewer@user:anne"));
    assertTrue(store.contains(tuple("document:1#viewer@user:anne")));
    assertEquals(1, store.size());
  }

  @Test
  void sizeCountsEachDistinctTupleOnce() {
    TupleStore store =
        write(
            TupleStore.EMPTY,
            tuple("document:1#viewer@user:anne"),
            tuple("document:1#viewer@user:bob"),
            tuple("document:1#editor@user:anne"),
            tuple("document:1#viewer@group:eng#member"),
            tuple("document:1#viewer@user:anne")); // a duplicate within the same write
    assertEquals(4, store.size());
    store = write(store, tuple("document:1#viewer@user:bob")); // rewritten in a later write
    assertEquals(4, store.size());
  }

  @Test
  void aDeletedTupleIsGoneAndNoLongerCounted() {
    TupleStore store =
        write(
            TupleStore.EMPTY,
            tuple("document:1#viewer@user:anne"),
            tuple("document:1#viewer@user:bob"));
    store = delete(store, tuple("document:1#viewer@user:anne"));
    assertFalse(store.contains(tuple("document:1#viewer@user:anne")));
    assertTrue(store.contains(tuple("document:1#viewer@user:bob")));
    assertEquals(1, store.size());
  }

  @Test
  void deletingByAProbeWithoutItsConditionRemovesTheConditionalTuple() {
    TupleStore store = write(TupleStore.EMPTY, tuple("document:1#viewer@user:anne", IN_OFFICE));
    store = delete(store, tuple("document:1#viewer@user:anne"));
    assertEquals(0, store.size());
    assertNull(store.find(tuple("document:1#viewer@user:anne")));
    assertEquals(Set.of(), bySubject(store, "user", "anne"));
  }

  @Test
  void deletingAnAbsentTupleIsANoOp() {
    TupleStore store = write(TupleStore.EMPTY, tuple("document:1#viewer@user:anne"));
    TupleStore after =
        delete(
            store,
            tuple("document:1#viewer@user:bob"), // same bucket, other subject
            tuple("document:2#viewer@user:anne"), // no such bucket
            tuple("document:1#viewer@group:eng#member")); // no userset bucket
    assertEquals(1, after.size());
    assertEquals(Set.of("document:1#viewer@user:anne"), all(after));
    assertEquals(Set.of("document:1#viewer@user:anne"), bySubject(after, "user", "anne"));
  }

  @Test
  void deletingTheSameTupleTwiceInOneApplyCountsOnce() {
    TupleStore store =
        write(
            TupleStore.EMPTY,
            tuple("document:1#viewer@user:anne"),
            tuple("document:1#viewer@user:bob"));
    store =
        delete(store, tuple("document:1#viewer@user:anne"), tuple("document:1#viewer@user:anne"));
    assertEquals(1, store.size());
  }

  @Test
  void deletesApplyBeforeWritesInTheSameApply() {
    IndexedTuple anne = tuple("document:1#viewer@user:anne");
    TupleStore store = write(TupleStore.EMPTY, anne);
    store = store.apply(List.of(anne), List.of(tuple("document:1#viewer@user:anne", IN_OFFICE)));
    assertEquals(1, store.size());
    assertEquals(IN_OFFICE, store.find(anne).condition());
  }

  @Test
  void ofBuildsAStoreFromTuples() {
    TupleStore store =
        TupleStore.of(
            List.of(tuple("document:1#viewer@user:anne"), tuple("folder:x#owner@user:bob")));
    assertEquals(2, store.size());
    assertEquals(Set.of("document:1#viewer@user:anne", "folder:x#owner@user:bob"), all(store));
  }

  @Test
  void aStoreBuiltFromManyTuplesInOneBatchFindsEachAndWalksEachOnce() {
    // enough buckets that the indexes grow their shards while the batch runs
    List<IndexedTuple> tuples = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      tuples.add(tuple("document:d" + i + "#viewer@user:u" + i % 300));
    }
    TupleStore store = TupleStore.of(tuples);

    assertEquals(20_000, store.size());
    assertTrue(tuples.stream().allMatch(store::contains));
    List<String> walked = new ArrayList<>();
    store.visitPartitions(0, TupleStore.PARTITIONS, t -> walked.add(t.toString()));
    assertEquals(20_000, new HashSet<>(walked).size());
    assertEquals(20_000, walked.size());
    List<String> ofOneUser = new ArrayList<>();
    store.visitBySubject("user", "u7", t -> ofOneUser.add(t.toString()));
    assertEquals(20_000 / 300 + 1, ofOneUser.size());
  }

  @Test
  void deletingTheLastTupleOfABucketRemovesTheBucket() {
    TupleStore store = write(TupleStore.EMPTY, tuple("document:1#viewer@user:anne"));
    store = delete(store, tuple("document:1#viewer@user:anne"));
    assertEquals(0, store.size());
    assertEquals(Set.of(), direct(store, "document", "1", "viewer"));
    assertEquals(Set.of(), bySubject(store, "user", "anne"));
    assertEquals(Set.of(), all(store));
    // the bucket can be filled again
    store = write(store, tuple("document:1#viewer@user:bob"));
    assertEquals(Set.of("document:1#viewer@user:bob"), direct(store, "document", "1", "viewer"));
  }

  // --- find and conditions ----------------------------------------------------------------

  @Test
  void findReturnsTheStoredTupleWithItsCondition() {
    TupleStore store = write(TupleStore.EMPTY, tuple("document:1#viewer@user:anne", IN_OFFICE));
    IndexedTuple found = store.find(tuple("document:1#viewer@user:anne"));
    assertNotNull(found);
    assertEquals(IN_OFFICE, found.condition());
    assertEquals("paris", found.condition().context().get("office"));
  }

  @Test
  void findByComponentsReturnsTheStoredTupleWithItsCondition() {
    TupleStore store =
        write(
            TupleStore.EMPTY,
            tuple("document:1#viewer@user:anne", IN_OFFICE),
            tuple("document:1#viewer@group:eng#member", ON_WEEKDAYS));
    assertEquals(
        IN_OFFICE, store.find("document", "1", "viewer", "user", "anne", null).condition());
    assertEquals(
        ON_WEEKDAYS, store.find("document", "1", "viewer", "group", "eng", "member").condition());
    assertNull(store.find("document", "1", "viewer", "group", "eng", null));
    assertNull(store.find("document", "1", "viewer", "user", "anne", "member"));
  }

  @Test
  void findDistinguishesAUsersetSubjectFromThePlainObject() {
    TupleStore store = write(TupleStore.EMPTY, tuple("document:1#viewer@group:eng#member"));
    assertNotNull(store.find(tuple("document:1#viewer@group:eng#member")));
    assertNull(store.find(tuple("document:1#viewer@group:eng")));
    assertNull(store.find(tuple("document:1#viewer@group:eng#owner")));
  }

  @Test
  void rewritingATupleWithAnotherConditionReplacesItWithoutChangingSize() {
    TupleStore store = write(TupleStore.EMPTY, tuple("document:1#viewer@user:anne", IN_OFFICE));
    store = write(store, tuple("document:1#viewer@user:anne", ON_WEEKDAYS));
    assertEquals(1, store.size());
    assertEquals(ON_WEEKDAYS, store.find(tuple("document:1#viewer@user:anne")).condition());
  }

  @Test
  void rewritingATupleReplacesItInEveryIndex() {
    TupleStore store = write(TupleStore.EMPTY, tuple("document:1#viewer@user:anne", IN_OFFICE));
    store = write(store, tuple("document:1#viewer@user:anne"));
    assertEquals(Set.of("document:1#viewer@user:anne"), direct(store, "document", "1", "viewer"));
    assertEquals(Set.of("document:1#viewer@user:anne"), bySubject(store, "user", "anne"));
    assertEquals(Set.of("document:1#viewer@user:anne"), all(store));
    assertNull(store.find(tuple("document:1#viewer@user:anne")).condition());
  }

  @Test
  void rewritingAUsersetTupleWithAConditionReplacesIt() {
    TupleStore store = write(TupleStore.EMPTY, tuple("document:1#viewer@group:eng#member"));
    store = write(store, tuple("document:1#viewer@group:eng#member", ON_WEEKDAYS));
    assertEquals(1, store.size());
    assertEquals(
        Set.of("document:1#viewer@group:eng#member[on_weekdays]"),
        usersets(store, "document", "1", "viewer"));
    assertEquals(
        Set.of("document:1#viewer@group:eng#member[on_weekdays]"),
        bySubject(store, "group", "eng"));
  }

  // --- snapshots ---------------------------------------------------------------------------

  @Test
  void aSnapshotTakenBeforeAWriteDoesNotSeeIt() {
    TupleStore before = write(TupleStore.EMPTY, tuple("document:1#viewer@user:anne"));
    TupleStore after =
        write(before, tuple("document:1#viewer@user:bob"), tuple("folder:x#owner@user:bob"));
    assertFalse(before.contains(tuple("document:1#viewer@user:bob")));
    assertEquals(1, before.size());
    assertEquals(Set.of("document:1#viewer@user:anne"), direct(before, "document", "1", "viewer"));
    assertEquals(Set.of(), bySubject(before, "user", "bob"));
    assertEquals(Set.of("document:1#viewer@user:anne"), all(before));
    assertEquals(3, after.size());
  }

  @Test
  void aSnapshotTakenBeforeADeleteStillSeesTheTuple() {
    TupleStore before =
        write(
            TupleStore.EMPTY,
            tuple("document:1#viewer@user:anne"),
            tuple("document:1#viewer@group:eng#member"));
    TupleStore after =
        delete(
            before,
            tuple("document:1#viewer@user:anne"),
            tuple("document:1#viewer@group:eng#member"));
    assertTrue(before.contains(tuple("document:1#viewer@user:anne")));
    assertTrue(before.contains(tuple("document:1#viewer@group:eng#member")));
    assertEquals(2, before.size());
    assertEquals(Set.of("document:1#viewer@user:anne"), bySubject(before, "user", "anne"));
    assertEquals(
        Set.of("document:1#viewer@group:eng#member"), usersets(before, "document", "1", "viewer"));
    assertEquals(0, after.size());
    assertEquals(Set.of(), all(after));
  }

  @Test
  void aSnapshotTakenBeforeAConditionChangeKeepsTheOldCondition() {
    TupleStore before = write(TupleStore.EMPTY, tuple("document:1#viewer@user:anne", IN_OFFICE));
    TupleStore after = write(before, tuple("document:1#viewer@user:anne", ON_WEEKDAYS));
    assertEquals(IN_OFFICE, before.find(tuple("document:1#viewer@user:anne")).condition());
    assertEquals(ON_WEEKDAYS, after.find(tuple("document:1#viewer@user:anne")).condition());
  }

  // --- the three indexes ------------------------------------------------------------------

  private static final TupleStore INDEXED =
      write(
          TupleStore.EMPTY,
          tuple("document:1#viewer@user:anne"),
          tuple("document:1#viewer@user:*"),
          tuple("document:1#viewer@group:eng#member"),
          tuple("document:1#viewer@group:ops#member"),
          tuple("document:1#editor@user:anne"),
          tuple("document:2#viewer@user:bob"),
          tuple("group:eng#member@user:anne"),
          tuple("folder:x#viewer@group:eng#member"));

  @Test
  void visitDirectReturnsPlainAndWildcardSubjectsOfThatObjectAndRelation() {
    assertEquals(
        Set.of("document:1#viewer@user:anne", "document:1#viewer@user:*"),
        direct(INDEXED, "document", "1", "viewer"));
  }

  @Test
  void visitDirectNeverReturnsUsersetSubjects() {
    Set<String> seen = direct(INDEXED, "document", "1", "viewer");
    assertFalse(seen.contains("document:1#viewer@group:eng#member"));
    assertEquals(Set.of(), direct(INDEXED, "folder", "x", "viewer"));
  }

  @Test
  void visitUsersetsReturnsOnlyUsersetSubjects() {
    assertEquals(
        Set.of("document:1#viewer@group:eng#member", "document:1#viewer@group:ops#member"),
        usersets(INDEXED, "document", "1", "viewer"));
    assertEquals(Set.of(), usersets(INDEXED, "document", "1", "editor"));
  }

  @Test
  void visitingAnUnknownObjectOrRelationFindsNothing() {
    assertEquals(Set.of(), direct(INDEXED, "document", "3", "viewer"));
    assertEquals(Set.of(), direct(INDEXED, "document", "1", "owner"));
    assertEquals(Set.of(), usersets(INDEXED, "document", "3", "viewer"));
    assertEquals(Set.of(), bySubject(INDEXED, "user", "carol"));
  }

  @Test
  void visitBySubjectReturnsEveryTupleNamingTheSubjectWithOrWithoutARelation() {
    assertEquals(
        Set.of(
            "document:1#viewer@user:anne",
            "document:1#editor@user:anne",
            "group:eng#member@user:anne"),
        bySubject(INDEXED, "user", "anne"));
    assertEquals(
        Set.of("document:1#viewer@group:eng#member", "folder:x#viewer@group:eng#member"),
        bySubject(INDEXED, "group", "eng"));
  }

  @Test
  void visitBySubjectFindsWildcardTuplesUnderTheWildcardId() {
    assertEquals(Set.of("document:1#viewer@user:*"), bySubject(INDEXED, "user", "*"));
  }

  @Test
  void visitAllReturnsEveryTupleOnce() {
    assertEquals(8, all(INDEXED).size());
    assertEquals(INDEXED.size(), all(INDEXED).size());
  }

  @Test
  void visitsStopWhenTheVisitorReturnsFalse() {
    TupleStore store = TupleStore.EMPTY;
    for (int i = 0; i < 20; i++) {
      store =
          write(
              store,
              tuple("document:1#viewer@user:u" + i),
              tuple("document:1#viewer@group:g" + i + "#member"));
    }
    int[] calls = {0};
    assertFalse(store.visitDirect("document", "1", "viewer", t -> ++calls[0] < 3));
    assertEquals(3, calls[0]);
    calls[0] = 0;
    assertFalse(store.visitUsersets("document", "1", "viewer", t -> ++calls[0] < 3));
    assertEquals(3, calls[0]);
    calls[0] = 0;
    assertFalse(store.visitAll(t -> ++calls[0] < 5));
    assertEquals(5, calls[0]);
    calls[0] = 0;
    assertFalse(store.visitBySubject("user", "u1", t -> ++calls[0] < 1));
    assertEquals(1, calls[0]);
  }

  // --- bucket growth and shrinkage ---------------------------------------------------------

  @Test
  void aBucketGrowingPastEightMembersAndShrinkingBackStillAnswersCorrectly() {
    TupleStore store = TupleStore.EMPTY;
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      store = write(store, tuple("document:1#viewer@user:u" + i));
      expected.add("document:1#viewer@user:u" + i);
      assertEquals(expected, direct(store, "document", "1", "viewer"), "after writing u" + i);
    }
    assertEquals(50, store.size());
    for (int i = 0; i < 48; i++) {
      store = delete(store, tuple("document:1#viewer@user:u" + i));
      expected.remove("document:1#viewer@user:u" + i);
      assertEquals(expected, direct(store, "document", "1", "viewer"), "after deleting u" + i);
      assertEquals(50 - i - 1, store.size());
      assertNull(store.find(tuple("document:1#viewer@user:u" + i)));
      for (int j = i + 1; j < 50; j++) {
        assertNotNull(
            store.find(tuple("document:1#viewer@user:u" + j)), "u" + j + " after deleting u" + i);
      }
    }
    assertEquals(
        Set.of("document:1#viewer@user:u48", "document:1#viewer@user:u49"),
        direct(store, "document", "1", "viewer"));
    // and it can grow again
    for (int i = 0; i < 20; i++) {
      store = write(store, tuple("document:1#viewer@user:v" + i));
    }
    assertEquals(22, store.size());
    assertEquals(22, direct(store, "document", "1", "viewer").size());
  }

  @Test
  void aUsersetBucketGrowingAndShrinkingStillAnswersCorrectly() {
    TupleStore store = TupleStore.EMPTY;
    for (int i = 0; i < 50; i++) {
      store = write(store, tuple("document:1#viewer@group:g" + i + "#member"));
    }
    for (int i = 0; i < 48; i++) {
      store = delete(store, tuple("document:1#viewer@group:g" + i + "#member"));
    }
    assertEquals(
        Set.of("document:1#viewer@group:g48#member", "document:1#viewer@group:g49#member"),
        usersets(store, "document", "1", "viewer"));
    assertEquals(2, store.size());
  }

  @Test
  void aSubjectBucketGrowingPastEightMembersAndShrinkingBackStillAnswersCorrectly() {
    TupleStore store = TupleStore.EMPTY;
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      store = write(store, tuple("document:d" + i + "#viewer@user:anne"));
      expected.add("document:d" + i + "#viewer@user:anne");
    }
    assertEquals(expected, bySubject(store, "user", "anne"));
    for (int i = 0; i < 48; i++) {
      store = delete(store, tuple("document:d" + i + "#viewer@user:anne"));
      expected.remove("document:d" + i + "#viewer@user:anne");
      assertEquals(expected, bySubject(store, "user", "anne"), "after deleting d" + i);
    }
    assertEquals(2, store.size());
  }

  @Test
  void conditionsSurviveABucketTurningIntoASetAndBack() {
    TupleStore store = TupleStore.EMPTY;
    for (int i = 0; i < 20; i++) {
      store =
          write(store, tuple("document:1#viewer@user:u" + i, i % 2 == 0 ? IN_OFFICE : ON_WEEKDAYS));
    }
    for (int i = 0; i < 17; i++) {
      store = delete(store, tuple("document:1#viewer@user:u" + i));
    }
    assertEquals(ON_WEEKDAYS, store.find(tuple("document:1#viewer@user:u17")).condition());
    assertEquals(IN_OFFICE, store.find(tuple("document:1#viewer@user:u18")).condition());
    assertEquals(ON_WEEKDAYS, store.find(tuple("document:1#viewer@user:u19")).condition());
  }

  @Test
  void aSnapshotOfALargeBucketIsUnaffectedByLaterDeletes() {
    TupleStore store = TupleStore.EMPTY;
    for (int i = 0; i < 50; i++) {
      store = write(store, tuple("document:1#viewer@user:u" + i));
    }
    TupleStore full = store;
    for (int i = 0; i < 48; i++) {
      store = delete(store, tuple("document:1#viewer@user:u" + i));
    }
    assertEquals(50, full.size());
    assertEquals(50, direct(full, "document", "1", "viewer").size());
    assertEquals(2, direct(store, "document", "1", "viewer").size());
  }

  // --- shared id strings ------------------------------------------------------------------

  @Test
  void equalObjectIdsAreSharedBetweenTuplesOnTheSameObjectAndRelation() {
    TupleStore store =
        write(
            TupleStore.EMPTY,
            new IndexedTuple(
                "document", new String("roadmap"), "viewer", "user", "anne", null, null));
    store =
        write(
            store,
            new IndexedTuple(
                "document", new String("roadmap"), "viewer", "user", "bob", null, null));
    IndexedTuple anne = store.find(tuple("document:roadmap#viewer@user:anne"));
    IndexedTuple bob = store.find(tuple("document:roadmap#viewer@user:bob"));
    assertSame(anne.objectId(), bob.objectId());
  }

  @Test
  void equalSubjectIdsAreSharedBetweenTuplesAboutTheSameSubject() {
    TupleStore store =
        write(
            TupleStore.EMPTY,
            new IndexedTuple("document", "1", "viewer", "user", new String("anne"), null, null));
    store =
        write(
            store,
            new IndexedTuple("folder", "x", "owner", "user", new String("anne"), null, null));
    IndexedTuple first = store.find(tuple("document:1#viewer@user:anne"));
    IndexedTuple second = store.find(tuple("folder:x#owner@user:anne"));
    assertSame(first.subjectId(), second.subjectId());
  }

  @Test
  void anObjectIdIsSharedWithTheSameObjectSeenAsASubject() {
    TupleStore store =
        write(
            TupleStore.EMPTY,
            new IndexedTuple("document", "1", "parent", "folder", new String("x"), null, null));
    store =
        write(
            store,
            new IndexedTuple("folder", new String("x"), "viewer", "user", "anne", null, null));
    IndexedTuple asSubject = store.find(tuple("document:1#parent@folder:x"));
    IndexedTuple asObject = store.find(tuple("folder:x#viewer@user:anne"));
    assertSame(asSubject.subjectId(), asObject.objectId());
  }

  @Test
  void aSubjectIdIsSharedWithTheSameObjectSeenAsAnObject() {
    TupleStore store =
        write(
            TupleStore.EMPTY,
            new IndexedTuple("group", new String("eng"), "member", "user", "anne", null, null));
    store =
        write(
            store,
            new IndexedTuple(
                "document", "1", "viewer", "group", new String("eng"), "member", null));
    IndexedTuple asObject = store.find(tuple("group:eng#member@user:anne"));
    IndexedTuple asSubject = store.find(tuple("document:1#viewer@group:eng#member"));
    assertSame(asObject.objectId(), asSubject.subjectId());
  }

  @Test
  void sharingIdsDoesNotChangeWhatIsStored() {
    TupleStore store =
        write(
            TupleStore.EMPTY,
            new IndexedTuple(
                "document",
                new String("roadmap"),
                "viewer",
                "user",
                new String("anne"),
                null,
                IN_OFFICE));
    store =
        write(
            store,
            new IndexedTuple(
                "document",
                new String("roadmap"),
                "viewer",
                "user",
                new String("bob"),
                null,
                ON_WEEKDAYS));
    assertEquals(IN_OFFICE, store.find(tuple("document:roadmap#viewer@user:anne")).condition());
    assertEquals(ON_WEEKDAYS, store.find(tuple("document:roadmap#viewer@user:bob")).condition());
    assertEquals(
        Set.of(
            "document:roadmap#viewer@user:anne[in_office]",
            "document:roadmap#viewer@user:bob[on_weekdays]"),
        all(store));
  }
}
