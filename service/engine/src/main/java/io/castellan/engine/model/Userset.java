package io.castellan.engine.model;

import java.util.List;

/**
 * How a relation is computed: the rewrite tree of the OpenFGA model. Code walks it with a {@link
 * Visitor}, one method per kind, so a new kind of rewrite fails to compile until every walk says
 * what it does with it.
 */
public sealed interface Userset {

  <R> R accept(Visitor<R> visitor);

  /** What a walk does with each kind of rewrite. */
  interface Visitor<R> {
    R direct(This userset);

    R computed(ComputedUserset userset);

    R tupleToUserset(TupleToUserset userset);

    R union(Union userset);

    R intersection(Intersection userset);

    R difference(Difference userset);
  }

  /** Tuples written directly for this relation ({@code [user, group#member]}). */
  record This() implements Userset {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.direct(this);
    }
  }

  /** Another relation on the same object ({@code define viewer: editor}). */
  record ComputedUserset(String relation) implements Userset {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.computed(this);
    }
  }

  /**
   * {@code computedRelation from tuplesetRelation}: the relation on each object the tupleset names.
   */
  record TupleToUserset(String tuplesetRelation, String computedRelation) implements Userset {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.tupleToUserset(this);
    }
  }

  record Union(List<Userset> children) implements Userset {
    public Union {
      children = List.copyOf(children);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.union(this);
    }
  }

  record Intersection(List<Userset> children) implements Userset {
    public Intersection {
      children = List.copyOf(children);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.intersection(this);
    }
  }

  /** {@code base but not subtract}. */
  record Difference(Userset base, Userset subtract) implements Userset {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.difference(this);
    }
  }
}
