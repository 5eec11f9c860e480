package io.castellan.engine.query;

import java.util.List;

/**
 * One level of the userset tree of {@code object#relation}, as OpenFGA's Expand returns it. Walks
 * over the tree are {@link Visitor}s, so a new kind of node fails to compile until each renders it.
 */
public sealed interface ExpandNode {

  /** The node's name: the {@code object#relation} it describes. */
  String name();

  <R> R accept(Visitor<R> visitor);

  /** One method per kind of node. */
  interface Visitor<R> {
    R users(Users node);

    R computed(Computed node);

    R tupleToUserset(TupleToUserset node);

    R union(Union node);

    R intersection(Intersection node);

    R difference(Difference node);
  }

  /** Subjects written directly: {@code user:anne}, {@code user:*}, {@code group:eng#member}. */
  record Users(String name, List<String> users) implements ExpandNode {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.users(this);
    }
  }

  /** The same object's {@code object#relation}. */
  record Computed(String name, String userset) implements ExpandNode {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.computed(this);
    }
  }

  /** {@code relation from tupleset}: the usersets it leads to. */
  record TupleToUserset(String name, String tupleset, List<String> computed) implements ExpandNode {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.tupleToUserset(this);
    }
  }

  record Union(String name, List<ExpandNode> children) implements ExpandNode {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.union(this);
    }
  }

  record Intersection(String name, List<ExpandNode> children) implements ExpandNode {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.intersection(this);
    }
  }

  record Difference(String name, ExpandNode base, ExpandNode subtract) implements ExpandNode {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.difference(this);
    }
  }
}
