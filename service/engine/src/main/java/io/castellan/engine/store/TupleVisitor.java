package io.castellan.engine.store;

/** Receives tuples one at a time; returns false to stop the walk. */
@FunctionalInterface
public interface TupleVisitor {
  boolean visit(IndexedTuple tuple);
}
