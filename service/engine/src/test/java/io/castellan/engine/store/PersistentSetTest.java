package io.castellan.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PersistentSetTest {

  /**
   * An element whose identity is {@code key} but which carries a payload, like a tuple's condition.
   */
  private record Keyed(String key, String payload) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Keyed k && key.equals(k.key);
    }

    @Override
    public int hashCode() {
      return key.hashCode();
    }
  }

  /** Every instance has the same hash code: all of them collide on all 32 bits. */
  private record SameHash(int id) {
    @Override
    public int hashCode() {
      return 42;
    }
  }

  /** Hash codes equal on the low 30 bits; only the top two bits differ (4 distinct hash codes). */
  private record Low30Bits(int id) {
    @Override
    public int hashCode() {
      return 0x1234_5678 & 0x3FFF_FFFF | (id & 3) << 30;
    }
  }

  /**
   * Hash codes chosen so that the set's <em>spread</em> hash ({@code h ^ h >>> 16}) agrees on the
   * low 30 bits: the elements share a path through every level of the trie down to the last one,
   * which only has the two top bits to tell them apart.
   */
  private record SpreadLow30Bits(int id) {
    @Override
    public int hashCode() {
      int spread = 0x0ABC_DEF1 & 0x3FFF_FFFF | (id & 3) << 30;
      return spread ^ spread >>> 16; // the spread function is its own inverse
    }
  }

  private static <E> Set<E> contents(PersistentSet<E> set) {
    Set<E> elements = new HashSet<>();
    List<E> visited = new ArrayList<>();
    set.visit(
        element -> {
          visited.add(element);
          return true;
        });
    elements.addAll(visited);
    assertEquals(visited.size(), elements.size(), "visit must see every element exactly once");
    return elements;
  }

  private static <E> PersistentSet<E> setOf(List<E> elements) {
    PersistentSet<E> set = PersistentSet.empty();
    for (E element : elements) {
      set = set.with(element);
    }
    return set;
  }

  // --- add / find / replace / remove --------------------------------------------------------

  @Test
  void theEmptySetHasNoElements() {
    PersistentSet<String> empty = PersistentSet.empty();
    assertEquals(0, empty.size());
    assertTrue(empty.isEmpty());
    assertNull(empty.find("anything"));
    assertEquals(Set.of(), contents(empty));
  }

  @Test
  void anAddedElementCanBeFound() {
    PersistentSet<String> set = PersistentSet.<String>empty().with("anne");
    assertEquals("anne", set.find("anne"));
    assertEquals(1, set.size());
    assertFalse(set.isEmpty());
  }

  @Test
  void findingAnAbsentElementReturnsNull() {
    PersistentSet<String> set = PersistentSet.<String>empty().with("anne").with("bob");
    assertNull(set.find("carol"));
  }

  @Test
  void findReturnsTheStoredInstanceNotTheProbe() {
    Keyed stored = new Keyed("doc", "payload");
    PersistentSet<Keyed> set = PersistentSet.<Keyed>empty().with(stored);
    assertSame(stored, set.find(new Keyed("doc", null)));
  }

  @Test
  void addingAnEqualElementReplacesTheStoredOneWithoutChangingTheSize() {
    PersistentSet<Keyed> set = PersistentSet.<Keyed>empty().with(new Keyed("doc", "old"));
    Keyed replacement = new Keyed("doc", "new");
    PersistentSet<Keyed> updated = set.with(replacement);
    assertSame(replacement, updated.find(new Keyed("doc", null)));
    assertEquals(1, updated.size());
  }

  @Test
  void addingTheSameInstanceAgainReturnsTheSameSet() {
    String anne = "anne";
    PersistentSet<String> set = PersistentSet.<String>empty().with(anne);
    assertSame(set, set.with(anne));
  }

  @Test
  void removingAnElementMakesItUnfindable() {
    PersistentSet<String> set = PersistentSet.<String>empty().with("anne").with("bob");
    PersistentSet<String> removed = set.without("anne");
    assertNull(removed.find("anne"));
    assertEquals("bob", removed.find("bob"));
    assertEquals(1, removed.size());
  }

  @Test
  void removingTheOnlyElementLeavesAnEmptySet() {
    PersistentSet<String> set = PersistentSet.<String>empty().with("anne").without("anne");
    assertTrue(set.isEmpty());
    assertEquals(Set.of(), contents(set));
  }

  @Test
  void removingAnAbsentElementReturnsTheSameSet() {
    PersistentSet<String> set = PersistentSet.<String>empty().with("anne");
    assertSame(set, set.without("bob"));
    assertEquals(1, set.size());
  }

  @Test
  void removingFromTheEmptySetReturnsTheEmptySet() {
    PersistentSet<String> empty = PersistentSet.empty();
    assertSame(empty, empty.without("anne"));
  }

  // --- size bookkeeping -------------------------------------------------------------------

  @Test
  void sizeCountsDistinctElementsOnly() {
    PersistentSet<Integer> set = setOf(List.of(1, 2, 3, 2, 1, 3, 4));
    assertEquals(4, set.size());
  }

  @Test
  void sizeIsUnchangedByRemovingAnAbsentElement() {
    PersistentSet<Integer> set = setOf(List.of(1, 2, 3));
    assertEquals(3, set.without(99).size());
  }

  @Test
  void sizeFollowsAddsAndRemovesOfManyElements() {
    PersistentSet<Integer> set = PersistentSet.empty();
    for (int i = 0; i < 1000; i++) {
      set = set.with(i);
      assertEquals(i + 1, set.size());
    }
    for (int i = 0; i < 1000; i++) {
      set = set.without(i);
      assertEquals(999 - i, set.size());
    }
    assertTrue(set.isEmpty());
  }

  // --- against java.util.HashSet ----------------------------------------------------------

  @Test
  void randomInsertionsAndRemovalsAgreeWithHashSetAtEveryStep() {
    Random random = new Random(20240611L);
    int count = 100_000;
    List<Integer> elements = new ArrayList<>(count);
    Set<Integer> distinct = new HashSet<>();
    while (elements.size() < count) {
      int value = random.nextInt();
      if (distinct.add(value)) {
        elements.add(value);
      }
    }

    PersistentSet<Integer> set = PersistentSet.empty();
    Set<Integer> expected = new HashSet<>();
    for (Integer element : elements) {
      set = set.with(element);
      expected.add(element);
      assertEquals(expected.size(), set.size());
      assertEquals(element, set.find(element));
      // an element never added must stay absent
      int absent = random.nextInt();
      assertEquals(expected.contains(absent), set.find(absent) != null, "find(" + absent + ")");
    }
    assertEquals(expected, contents(set));
    for (Integer element : elements) {
      assertEquals(element, set.find(element), "every added element is found");
    }

    List<Integer> removalOrder = new ArrayList<>(elements);
    Collections.shuffle(removalOrder, random);
    for (int i = 0; i < removalOrder.size(); i++) {
      Integer element = removalOrder.get(i);
      set = set.without(element);
      expected.remove(element);
      assertEquals(expected.size(), set.size());
      assertNull(set.find(element));
      // a still-present element (chosen at random) is still found
      if (i + 1 < removalOrder.size()) {
        Integer remaining = removalOrder.get(i + 1 + random.nextInt(removalOrder.size() - i - 1));
        assertEquals(remaining, set.find(remaining));
      }
      if (i % 10_000 == 0) {
        assertEquals(expected, contents(set));
      }
    }
    assertTrue(set.isEmpty());
    assertEquals(Set.of(), contents(set));
  }

  @Test
  void interleavedRandomAddsAndRemovesAgreeWithHashSetAtEveryStep() {
    Random random = new Random(7L);
    PersistentSet<Integer> set = PersistentSet.empty();
    Set<Integer> expected = new HashSet<>();
    for (int step = 0; step < 100_000; step++) {
      int value =
          random.nextInt(5_000); // small range: many repeats, many removals of present values
      if (random.nextBoolean()) {
        set = set.with(value);
        expected.add(value);
      } else {
        set = set.without(value);
        expected.remove(value);
      }
      assertEquals(expected.size(), set.size(), "size at step " + step);
      assertEquals(expected.contains(value), set.find(value) != null, "find at step " + step);
    }
    assertEquals(expected, contents(set));
  }

  // --- hash collisions -------------------------------------------------------------------

  @Test
  void elementsWithIdenticalHashCodesAreAllKept() {
    List<SameHash> elements = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      elements.add(new SameHash(i));
    }
    PersistentSet<SameHash> set = setOf(elements);
    assertEquals(20, set.size());
    for (SameHash element : elements) {
      assertSame(element, set.find(new SameHash(element.id())));
    }
    assertNull(set.find(new SameHash(99)));
    assertEquals(new HashSet<>(elements), contents(set));
  }

  @Test
  void elementsWithIdenticalHashCodesCanBeRemovedDownToEmpty() {
    List<SameHash> elements = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      elements.add(new SameHash(i));
    }
    PersistentSet<SameHash> set = setOf(elements);
    Set<SameHash> expected = new HashSet<>(elements);
    List<SameHash> order = new ArrayList<>(elements);
    Collections.shuffle(order, new Random(3L));
    for (SameHash element : order) {
      set = set.without(element);
      expected.remove(element);
      assertEquals(expected.size(), set.size());
      assertNull(set.find(element));
      assertEquals(expected, contents(set));
    }
    assertTrue(set.isEmpty());
  }

  @Test
  void removingAnAbsentElementWithACollidingHashChangesNothing() {
    PersistentSet<SameHash> set = setOf(List.of(new SameHash(1), new SameHash(2)));
    assertSame(set, set.without(new SameHash(3)));
    assertEquals(2, set.size());
  }

  @Test
  void replacingAnElementAmongCollidingOnesKeepsTheSize() {
    PersistentSet<Object> set = PersistentSet.empty();
    set = set.with(new SameHash(1)).with(new SameHash(2)).with(new SameHash(3));
    SameHash replacement = new SameHash(2);
    set = set.with(replacement);
    assertEquals(3, set.size());
    assertSame(replacement, set.find(new SameHash(2)));
  }

  @Test
  void collidingElementsCoexistWithNonCollidingOnes() {
    PersistentSet<Object> set = PersistentSet.empty();
    for (int i = 0; i < 5; i++) {
      set = set.with(new SameHash(i));
    }
    for (int i = 0; i < 200; i++) {
      set = set.with(i);
    }
    assertEquals(205, set.size());
    for (int i = 0; i < 5; i++) {
      set = set.without(new SameHash(i));
      assertEquals(204 - i, set.size());
    }
    for (int i = 0; i < 200; i++) {
      assertEquals(i, set.find(i));
    }
  }

  @Test
  void hashCodesAgreeingOnTheLow30BitsAreToldApartAndRemovableDownToEmpty() {
    List<Low30Bits> elements = new ArrayList<>();
    for (int i = 0; i < 16; i++) { // 4 distinct hash codes, 4 elements each
      elements.add(new Low30Bits(i));
    }
    PersistentSet<Low30Bits> set = setOf(elements);
    assertEquals(16, set.size());
    for (Low30Bits element : elements) {
      assertSame(element, set.find(new Low30Bits(element.id())));
    }
    Set<Low30Bits> expected = new HashSet<>(elements);
    List<Low30Bits> order = new ArrayList<>(elements);
    Collections.shuffle(order, new Random(5L));
    for (Low30Bits element : order) {
      set = set.without(element);
      expected.remove(element);
      assertEquals(expected.size(), set.size());
      assertNull(set.find(element));
      for (Low30Bits remaining : expected) {
        assertSame(remaining, set.find(new Low30Bits(remaining.id())));
      }
    }
    assertTrue(set.isEmpty());
    assertEquals(Set.of(), contents(set));
  }

  @Test
  void spreadHashesAgreeingOnTheLow30BitsAreToldApartAndRemovableDownToEmpty() {
    List<SpreadLow30Bits> elements = new ArrayList<>();
    for (int i = 0;
        i < 12;
        i++) { // 4 distinct hashes differing only in bits 30-31, 3 elements each
      elements.add(new SpreadLow30Bits(i));
    }
    PersistentSet<SpreadLow30Bits> set = setOf(elements);
    assertEquals(12, set.size());
    assertEquals(new HashSet<>(elements), contents(set));
    Set<SpreadLow30Bits> expected = new HashSet<>(elements);
    List<SpreadLow30Bits> order = new ArrayList<>(elements);
    Collections.shuffle(order, new Random(9L));
    for (SpreadLow30Bits element : order) {
      set = set.without(element);
      expected.remove(element);
      assertEquals(expected.size(), set.size());
      assertNull(set.find(element));
      assertEquals(expected, contents(set));
    }
    assertTrue(set.isEmpty());
  }

  // --- persistence ------------------------------------------------------------------------

  @Test
  void addingLeavesTheOlderVersionUnchanged() {
    PersistentSet<Integer> before = setOf(List.of(1, 2, 3));
    PersistentSet<Integer> after = before.with(4);
    assertEquals(3, before.size());
    assertNull(before.find(4));
    assertEquals(Set.of(1, 2, 3), contents(before));
    assertEquals(Set.of(1, 2, 3, 4), contents(after));
  }

  @Test
  void removingLeavesTheOlderVersionUnchanged() {
    PersistentSet<Integer> before = setOf(List.of(1, 2, 3));
    PersistentSet<Integer> after = before.without(2);
    assertEquals(3, before.size());
    assertEquals(2, before.find(2));
    assertEquals(Set.of(1, 2, 3), contents(before));
    assertEquals(Set.of(1, 3), contents(after));
  }

  @Test
  void replacingLeavesTheOlderVersionHoldingTheOldInstance() {
    Keyed old = new Keyed("doc", "old");
    PersistentSet<Keyed> before = PersistentSet.<Keyed>empty().with(old);
    PersistentSet<Keyed> after = before.with(new Keyed("doc", "new"));
    assertSame(old, before.find(new Keyed("doc", null)));
    assertEquals("new", after.find(new Keyed("doc", null)).payload());
  }

  @Test
  void everyVersionOfALongHistoryKeepsItsOwnContents() {
    Random random = new Random(11L);
    List<PersistentSet<Integer>> versions = new ArrayList<>();
    List<Set<Integer>> expectedVersions = new ArrayList<>();
    PersistentSet<Integer> set = PersistentSet.empty();
    Set<Integer> expected = new HashSet<>();
    for (int step = 0; step < 2_000; step++) {
      int value = random.nextInt(500);
      if (random.nextInt(3) == 0) {
        set = set.without(value);
        expected.remove(value);
      } else {
        set = set.with(value);
        expected.add(value);
      }
      versions.add(set);
      expectedVersions.add(new HashSet<>(expected));
    }
    for (int i = 0; i < versions.size(); i++) {
      assertEquals(expectedVersions.get(i).size(), versions.get(i).size(), "size of version " + i);
      assertEquals(expectedVersions.get(i), contents(versions.get(i)), "contents of version " + i);
    }
  }

  @Test
  void collisionNodeUpdatesLeaveTheOlderVersionUnchanged() {
    PersistentSet<SameHash> before =
        setOf(List.of(new SameHash(1), new SameHash(2), new SameHash(3)));
    PersistentSet<SameHash> removed = before.without(new SameHash(2));
    PersistentSet<SameHash> added = before.with(new SameHash(4));
    assertEquals(Set.of(new SameHash(1), new SameHash(2), new SameHash(3)), contents(before));
    assertEquals(Set.of(new SameHash(1), new SameHash(3)), contents(removed));
    assertEquals(4, added.size());
    assertEquals(3, before.size());
  }

  // --- visit ------------------------------------------------------------------------------

  @Test
  void visitSeesEveryElementOnceAndReportsCompletion() {
    PersistentSet<Integer> set = PersistentSet.empty();
    for (int i = 0; i < 500; i++) {
      set = set.with(i);
    }
    List<Integer> seen = new ArrayList<>();
    boolean completed =
        set.visit(
            element -> {
              seen.add(element);
              return true;
            });
    assertTrue(completed);
    assertEquals(500, seen.size());
    assertEquals(500, new HashSet<>(seen).size());
  }

  @Test
  void visitStopsAsSoonAsTheVisitorReturnsFalse() {
    PersistentSet<Integer> set = PersistentSet.empty();
    for (int i = 0; i < 500; i++) {
      set = set.with(i);
    }
    int[] calls = {0};
    boolean completed = set.visit(element -> ++calls[0] < 10);
    assertFalse(completed);
    assertEquals(10, calls[0]);
  }

  @Test
  void visitStopsEarlyInsideACollisionNode() {
    PersistentSet<SameHash> set = PersistentSet.empty();
    for (int i = 0; i < 10; i++) {
      set = set.with(new SameHash(i));
    }
    int[] calls = {0};
    boolean completed = set.visit(element -> ++calls[0] < 3);
    assertFalse(completed);
    assertEquals(3, calls[0]);
  }

  @Test
  void visitingTheEmptySetCallsNothingAndCompletes() {
    int[] calls = {0};
    assertTrue(
        PersistentSet.empty()
            .visit(
                element -> {
                  calls[0]++;
                  return false;
                }));
    assertEquals(0, calls[0]);
  }
}
