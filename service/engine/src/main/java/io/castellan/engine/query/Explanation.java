package io.castellan.engine.query;

import io.castellan.engine.store.IndexedTuple;
import java.util.List;

/**
 * Why a check answered as it did: the steps of its evaluation as a tree. For an allowed check, only
 * the steps that granted it (the path of tuples and rewrites); for a denial, every branch tried, up
 * to a bound ({@code truncated} when steps were left out).
 */
public record Explanation(boolean allowed, Step root, boolean truncated) {

  /**
   * One step. {@code kind}: {@code check} (an object's relation), a rewrite ({@code direct}, {@code
   * computed}, {@code tuple_to_userset}, {@code union}, {@code intersection}, {@code exclusion}) or
   * {@code tuple} (a tuple found, and the check it led to); {@code object} and {@code relation}
   * name what a check or rewrite is about, {@code tuple} the tuple of a tuple step. {@code result}:
   * {@code true}, {@code false}, {@code cycle} or {@code error}.
   */
  public record Step(
      String kind,
      String object,
      String relation,
      IndexedTuple tuple,
      String result,
      List<Step> children) {

    public Step {
      children = List.copyOf(children);
    }
  }
}
