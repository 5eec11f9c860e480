package io.castellan.engine.model;

import java.util.List;

/** How a relation is computed: the rewrite tree of the OpenFGA model. */
public sealed interface Userset {

  /** Tuples written directly for this relation ({@code [user, group#member]}). */
  record This() implements Userset {}

  /** Another relation on the same object ({@code define viewer: editor}). */
  record ComputedUserset(String relation) implements Userset {}

  /** {@code computedRelation from tuplesetRelation}: the relation on each object the tupleset names. */
  record TupleToUserset(String tuplesetRelation, String computedRelation) implements Userset {}

  record Union(List<Userset> children) implements Userset {
    public Union {
      children = List.copyOf(children);
    }
  }

  record Intersection(List<Userset> children) implements Userset {
    public Intersection {
      children = List.copyOf(children);
    }
  }

  /** {@code base but not subtract}. */
  record Difference(Userset base, Userset subtract) implements Userset {}
}
