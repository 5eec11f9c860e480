package io.castellan.engine.store;

import java.util.Arrays;

/**
 * The tuples of one bucket in the smallest form that fits: nothing ({@code null}), one tuple, a
 * small array, or a {@link PersistentSet} once there are many. Most buckets hold one or two tuples,
 * so this keeps the per-tuple heap cost low; large buckets keep O(log n) updates.
 */
final class Members {

  static final int ARRAY_MAX = 8;
  private static final int ARRAY_BACK = 4;

  private Members() {}

  static IndexedTuple find(Object members, IndexedTuple probe) {
    if (members instanceof IndexedTuple single) {
      return single.equals(probe) ? single : null;
    }
    if (members instanceof Object[] array) {
      for (Object element : array) {
        if (element.equals(probe)) {
          return (IndexedTuple) element;
        }
      }
      return null;
    }
    if (members instanceof PersistentSet<?> set) {
      return (IndexedTuple) set.find(probe);
    }
    return null;
  }

  /** {@code members} with {@code tuple} added, replacing an equal tuple. */
  @SuppressWarnings("unchecked")
  static Object with(Object members, IndexedTuple tuple) {
    if (members == null) {
      return tuple;
    }
    if (members instanceof IndexedTuple single) {
      return single.equals(tuple) ? tuple : new Object[] {single, tuple};
    }
    if (members instanceof Object[] array) {
      for (int i = 0; i < array.length; i++) {
        if (array[i].equals(tuple)) {
          Object[] copy = array.clone();
          copy[i] = tuple;
          return copy;
        }
      }
      if (array.length < ARRAY_MAX) {
        Object[] copy = Arrays.copyOf(array, array.length + 1);
        copy[array.length] = tuple;
        return copy;
      }
      PersistentSet<IndexedTuple> set = PersistentSet.empty();
      for (Object element : array) {
        set = set.with((IndexedTuple) element);
      }
      return set.with(tuple);
    }
    return ((PersistentSet<IndexedTuple>) members).with(tuple);
  }

  /** {@code members} without the tuple equal to {@code probe}; null when none remain. */
  @SuppressWarnings("unchecked")
  static Object without(Object members, IndexedTuple probe) {
    if (members instanceof IndexedTuple single) {
      return single.equals(probe) ? null : single;
    }
    if (members instanceof Object[] array) {
      for (int i = 0; i < array.length; i++) {
        if (array[i].equals(probe)) {
          if (array.length == 2) {
            return array[1 - i];
          }
          Object[] copy = new Object[array.length - 1];
          System.arraycopy(array, 0, copy, 0, i);
          System.arraycopy(array, i + 1, copy, i, array.length - i - 1);
          return copy;
        }
      }
      return members;
    }
    if (members instanceof PersistentSet<?> raw) {
      PersistentSet<IndexedTuple> set = ((PersistentSet<IndexedTuple>) raw).without(probe);
      if (set.size() > ARRAY_BACK) {
        return set;
      }
      Object[] array = new Object[set.size()];
      int[] i = {0};
      set.visit(
          t -> {
            array[i[0]++] = t;
            return true;
          });
      return array.length == 1 ? array[0] : array;
    }
    return members;
  }

  /** Visits until the visitor returns false; returns false if it stopped early. */
  @SuppressWarnings("unchecked")
  static boolean visit(Object members, TupleVisitor visitor) {
    if (members == null) {
      return true;
    }
    if (members instanceof IndexedTuple single) {
      return visitor.visit(single);
    }
    if (members instanceof Object[] array) {
      for (Object element : array) {
        if (!visitor.visit((IndexedTuple) element)) {
          return false;
        }
      }
      return true;
    }
    return ((PersistentSet<IndexedTuple>) members).visit(visitor::visit);
  }
}
