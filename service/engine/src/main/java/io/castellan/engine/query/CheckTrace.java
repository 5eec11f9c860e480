package io.castellan.engine.query;

import io.castellan.engine.store.IndexedTuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Records the steps a {@link CheckResolver} takes, for {@link Explanation}s. Steps past the bound
 * are walked but not kept. Checks without an explanation have no trace, and pay only a null test
 * per step.
 */
final class CheckTrace {

  static final int FALSE = 0;
  static final int TRUE = 1;
  static final int CYCLE = 2;
  static final int ERROR = -1;

  private static final class Builder {
    final String kind;
    final String object;
    final String relation;
    final IndexedTuple tuple;
    final boolean kept;
    final List<Builder> children = new ArrayList<>(2);
    int result = ERROR;

    Builder(String kind, String object, String relation, IndexedTuple tuple, boolean kept) {
      this.kind = kind;
      this.object = object;
      this.relation = relation;
      this.tuple = tuple;
      this.kept = kept;
    }
  }

  private final int maxSteps;
  private final Deque<Builder> open = new ArrayDeque<>();
  private Builder root;
  private int steps;
  private boolean truncated;

  CheckTrace(int maxSteps) {
    this.maxSteps = maxSteps;
  }

  void open(String kind, String object, String relation, IndexedTuple tuple) {
    Builder parent = open.peek();
    boolean kept = (parent == null || parent.kept) && steps < maxSteps;
    truncated |= !kept && (parent == null || parent.kept);
    Builder step = new Builder(kind, object, relation, tuple, kept);
    if (kept) {
      steps++;
      if (parent == null) {
        root = step;
      } else {
        parent.children.add(step);
      }
    }
    open.push(step);
  }

  void close(int result) {
    open.pop().result = result;
  }

  /** A step with no steps under it. */
  void leaf(String kind, IndexedTuple tuple, int result) {
    open(kind, null, null, tuple);
    close(result);
  }

  /** What was recorded: for an allowed check only the steps that granted it. */
  Explanation explanation(boolean allowed) {
    return new Explanation(allowed, root == null ? null : build(root, allowed), truncated);
  }

  private static Explanation.Step build(Builder step, boolean grantingOnly) {
    List<Explanation.Step> children = new ArrayList<>();
    for (int i = 0; i < step.children.size(); i++) {
      Builder child = step.children.get(i);
      if (!grantingOnly || child.result == TRUE) {
        children.add(build(child, grantingOnly));
      } else if (step.kind.equals("exclusion") && i == 1) {
        // the subtracted branch did not hold: part of why, but not its details
        children.add(
            new Explanation.Step(
                child.kind,
                child.object,
                child.relation,
                child.tuple,
                label(child.result),
                List.of()));
      }
    }
    return new Explanation.Step(
        step.kind, step.object, step.relation, step.tuple, label(step.result), children);
  }

  private static String label(int result) {
    return switch (result) {
      case TRUE -> "true";
      case FALSE -> "false";
      case CYCLE -> "cycle";
      default -> "error";
    };
  }
}
