package io.castellan.engine.query;

import java.util.List;

/** One level of the userset tree of {@code object#relation}, as OpenFGA's Expand returns it. */
public sealed interface ExpandNode {

  /** The node's name: the {@code object#relation} it describes. */
  String name();

  /** Subjects written directly: {@code user:anne}, {@code user:*}, {@code group:eng#member}. */
  record Users(String name, List<String> users) implements ExpandNode {}

  /** The same object's {@code object#relation}. */
  record Computed(String name, String userset) implements ExpandNode {}

  /** {@code relation from tupleset}: the usersets it leads to. */
  record TupleToUserset(String name, String tupleset, List<String> computed)
      implements ExpandNode {}

  record Union(String name, List<ExpandNode> children) implements ExpandNode {}

  record Intersection(String name, List<ExpandNode> children) implements ExpandNode {}

  record Difference(String name, ExpandNode base, ExpandNode subtract) implements ExpandNode {}
}
