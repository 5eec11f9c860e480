package io.castellan.engine.store;

import java.util.Arrays;

/**
 * An immutable hash set (a compressed hash-array mapped prefix tree, CHAMP). Adding or removing an
 * element copies only the path to it, so an update costs O(log32 n) and every earlier version stays
 * valid and unchanged: readers keep whichever version they were handed, with no copy and no lock.
 *
 * <p>Elements are looked up by a probe that is {@code equals} to them; {@link #find} returns the
 * stored instance, which lets callers keep data in elements beyond their identity.
 */
public final class PersistentSet<E> {

  private static final PersistentSet<?> EMPTY = new PersistentSet<>(BitmapNode.EMPTY, 0);
  private static final int BITS = 5;
  private static final int MASK = 31;

  private final Node root;
  private final int size;

  private PersistentSet(Node root, int size) {
    this.root = root;
    this.size = size;
  }

  @SuppressWarnings("unchecked")
  public static <E> PersistentSet<E> empty() {
    return (PersistentSet<E>) EMPTY;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** The stored element equal to {@code probe}, or null. */
  @SuppressWarnings("unchecked")
  public E find(Object probe) {
    return (E) root.find(probe, hash(probe), 0);
  }

  /** This set with {@code element} added, replacing an equal element if there is one. */
  public PersistentSet<E> with(E element) {
    Change change = new Change();
    Node updated = root.with(element, hash(element), 0, change);
    if (updated == root) {
      return this;
    }
    return new PersistentSet<>(updated, change.added ? size + 1 : size);
  }

  /** This set without the element equal to {@code probe}. */
  public PersistentSet<E> without(Object probe) {
    Node updated = root.without(probe, hash(probe), 0);
    if (updated == root) {
      return this;
    }
    return new PersistentSet<>(updated, size - 1);
  }

  /** Visits elements until the visitor returns false; returns false if it stopped early. */
  @SuppressWarnings("unchecked")
  public boolean visit(Visitor<? super E> visitor) {
    return root.visit((Visitor<Object>) visitor);
  }

  /** Receives elements one by one; returns false to stop. */
  @FunctionalInterface
  public interface Visitor<E> {
    boolean visit(E element);
  }

  static int hash(Object element) {
    int h = element.hashCode();
    return h ^ (h >>> 16);
  }

  private static final class Change {
    boolean added;
  }

  private abstract static class Node {
    abstract Object find(Object probe, int hash, int shift);

    abstract Node with(Object element, int hash, int shift, Change change);

    abstract Node without(Object probe, int hash, int shift);

    abstract boolean visit(Visitor<Object> visitor);

    /** The only element, when this node holds exactly one element and no sub-nodes; else null. */
    abstract Object single();
  }

  /** Elements first, then sub-nodes in reverse order, each located by its bit in a bitmap. */
  private static final class BitmapNode extends Node {
    static final BitmapNode EMPTY = new BitmapNode(0, 0, new Object[0]);

    final int dataMap;
    final int nodeMap;
    final Object[] content;

    BitmapNode(int dataMap, int nodeMap, Object[] content) {
      this.dataMap = dataMap;
      this.nodeMap = nodeMap;
      this.content = content;
    }

    private static int bit(int hash, int shift) {
      return 1 << ((hash >>> shift) & MASK);
    }

    private static int index(int bitmap, int bit) {
      return Integer.bitCount(bitmap & (bit - 1));
    }

    private Node nodeAt(int bit) {
      return (Node) content[content.length - 1 - index(nodeMap, bit)];
    }

    @Override
    Object find(Object probe, int hash, int shift) {
      int bit = bit(hash, shift);
      if ((dataMap & bit) != 0) {
        Object element = content[index(dataMap, bit)];
        return probe.equals(element) ? element : null;
      }
      if ((nodeMap & bit) != 0) {
        return nodeAt(bit).find(probe, hash, shift + BITS);
      }
      return null;
    }

    @Override
    Node with(Object element, int hash, int shift, Change change) {
      int bit = bit(hash, shift);
      if ((dataMap & bit) != 0) {
        int i = index(dataMap, bit);
        Object existing = content[i];
        if (existing == element) {
          return this;
        }
        if (element.equals(existing)) {
          Object[] copy = content.clone();
          copy[i] = element;
          return new BitmapNode(dataMap, nodeMap, copy);
        }
        change.added = true;
        Node merged = merge(existing, hash(existing), element, hash, shift + BITS);
        return replaceDataWithNode(bit, i, merged);
      }
      if ((nodeMap & bit) != 0) {
        int slot = content.length - 1 - index(nodeMap, bit);
        Node child = (Node) content[slot];
        Node updated = child.with(element, hash, shift + BITS, change);
        if (updated == child) {
          return this;
        }
        Object[] copy = content.clone();
        copy[slot] = updated;
        return new BitmapNode(dataMap, nodeMap, copy);
      }
      change.added = true;
      int i = index(dataMap, bit);
      Object[] copy = new Object[content.length + 1];
      System.arraycopy(content, 0, copy, 0, i);
      copy[i] = element;
      System.arraycopy(content, i, copy, i + 1, content.length - i);
      return new BitmapNode(dataMap | bit, nodeMap, copy);
    }

    /** Turns the element at {@code dataIndex} into the sub-node {@code node} at the same bit. */
    private Node replaceDataWithNode(int bit, int dataIndex, Node node) {
      int length = content.length;
      int dataCount = Integer.bitCount(dataMap);
      int nodesAfter = index(nodeMap, bit); // sub-nodes stored to the right of the new one
      Object[] copy = new Object[length];
      System.arraycopy(content, 0, copy, 0, dataIndex);
      System.arraycopy(content, dataIndex + 1, copy, dataIndex, dataCount - dataIndex - 1);
      System.arraycopy(content, dataCount, copy, dataCount - 1, length - nodesAfter - dataCount);
      copy[length - 1 - nodesAfter] = node;
      System.arraycopy(content, length - nodesAfter, copy, length - nodesAfter, nodesAfter);
      return new BitmapNode(dataMap ^ bit, nodeMap | bit, copy);
    }

    @Override
    Node without(Object probe, int hash, int shift) {
      int bit = bit(hash, shift);
      if ((dataMap & bit) != 0) {
        int i = index(dataMap, bit);
        if (!probe.equals(content[i])) {
          return this;
        }
        Object[] copy = new Object[content.length - 1];
        System.arraycopy(content, 0, copy, 0, i);
        System.arraycopy(content, i + 1, copy, i, content.length - i - 1);
        return new BitmapNode(dataMap ^ bit, nodeMap, copy);
      }
      if ((nodeMap & bit) != 0) {
        int slot = content.length - 1 - index(nodeMap, bit);
        Node child = (Node) content[slot];
        Node updated = child.without(probe, hash, shift + BITS);
        if (updated == child) {
          return this;
        }
        Object single = updated.single();
        if (single != null) {
          return replaceNodeWithData(bit, slot, single);
        }
        Object[] copy = content.clone();
        copy[slot] = updated;
        return new BitmapNode(dataMap, nodeMap, copy);
      }
      return this;
    }

    /** Inlines a sub-node that shrank to one element, keeping the tree canonical. */
    private Node replaceNodeWithData(int bit, int nodeSlot, Object element) {
      int dataIndex = index(dataMap, bit);
      Object[] copy = new Object[content.length];
      System.arraycopy(content, 0, copy, 0, dataIndex);
      copy[dataIndex] = element;
      System.arraycopy(content, dataIndex, copy, dataIndex + 1, nodeSlot - dataIndex);
      System.arraycopy(content, nodeSlot + 1, copy, nodeSlot + 1, content.length - nodeSlot - 1);
      return new BitmapNode(dataMap | bit, nodeMap ^ bit, copy);
    }

    @Override
    boolean visit(Visitor<Object> visitor) {
      int dataCount = Integer.bitCount(dataMap);
      for (int i = 0; i < dataCount; i++) {
        if (!visitor.visit(content[i])) {
          return false;
        }
      }
      for (int i = dataCount; i < content.length; i++) {
        if (!((Node) content[i]).visit(visitor)) {
          return false;
        }
      }
      return true;
    }

    @Override
    Object single() {
      return nodeMap == 0 && content.length == 1 ? content[0] : null;
    }
  }

  /** Elements whose 32 hash bits are all equal. */
  private static final class CollisionNode extends Node {
    final int hash;
    final Object[] elements;

    CollisionNode(int hash, Object[] elements) {
      this.hash = hash;
      this.elements = elements;
    }

    @Override
    Object find(Object probe, int hash, int shift) {
      for (Object element : elements) {
        if (probe.equals(element)) {
          return element;
        }
      }
      return null;
    }

    @Override
    Node with(Object element, int hash, int shift, Change change) {
      for (int i = 0; i < elements.length; i++) {
        if (element.equals(elements[i])) {
          if (elements[i] == element) {
            return this;
          }
          Object[] copy = elements.clone();
          copy[i] = element;
          return new CollisionNode(hash, copy);
        }
      }
      change.added = true;
      Object[] copy = Arrays.copyOf(elements, elements.length + 1);
      copy[elements.length] = element;
      return new CollisionNode(hash, copy);
    }

    @Override
    Node without(Object probe, int hash, int shift) {
      for (int i = 0; i < elements.length; i++) {
        if (probe.equals(elements[i])) {
          Object[] copy = new Object[elements.length - 1];
          System.arraycopy(elements, 0, copy, 0, i);
          System.arraycopy(elements, i + 1, copy, i, elements.length - i - 1);
          return new CollisionNode(hash, copy);
        }
      }
      return this;
    }

    @Override
    boolean visit(Visitor<Object> visitor) {
      for (Object element : elements) {
        if (!visitor.visit(element)) {
          return false;
        }
      }
      return true;
    }

    @Override
    Object single() {
      return elements.length == 1 ? elements[0] : null;
    }
  }

  private static Node merge(Object a, int hashA, Object b, int hashB, int shift) {
    if (shift >= 32) {
      return new CollisionNode(hashA, new Object[] {a, b});
    }
    int maskA = (hashA >>> shift) & MASK;
    int maskB = (hashB >>> shift) & MASK;
    if (maskA != maskB) {
      Object[] content = maskA < maskB ? new Object[] {a, b} : new Object[] {b, a};
      return new BitmapNode((1 << maskA) | (1 << maskB), 0, content);
    }
    return new BitmapNode(0, 1 << maskA, new Object[] {merge(a, hashA, b, hashB, shift + BITS)});
  }
}
