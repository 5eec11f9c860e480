package io.castellan.engine.conformance;

import io.castellan.engine.conformance.ConformanceCase.Assertion;
import io.castellan.engine.conformance.ConformanceCase.Stage;
import io.castellan.engine.query.TupleKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Runs OpenFGA consistency cases by the upstream harness's rules: a fresh store per case, stages in
 * order with tuples accumulating, the newest model answering; in the {@code ctxTuples} variant no
 * tuple is written and each stage's tuples travel as contextual tuples with every request; every
 * object or user a list returns must also pass Check; expected error codes are compared.
 */
public final class ConformanceHarness {

  public static final String PLAIN = "plain";
  public static final String CONTEXTUAL = "ctxTuples";

  private final ConformanceTarget target;
  private final ConformanceStats stats;

  public ConformanceHarness(ConformanceTarget target, ConformanceStats stats) {
    this.target = target;
    this.stats = stats;
  }

  /** Whether upstream runs the contextual-tuple variant of this case. */
  public static boolean hasContextualVariant(ConformanceCase testCase) {
    return testCase.stages().size() == 1 && testCase.tupleCount() <= 100;
  }

  /** Runs the case; returns one message per failed assertion (empty when all pass). */
  public List<String> run(ConformanceCase testCase, String variant) {
    List<String> failures = new ArrayList<>();
    boolean contextual = CONTEXTUAL.equals(variant);
    target.newStore();
    int stageNumber = 0;
    for (Stage stage : testCase.stages()) {
      stageNumber++;
      target.writeModel(stage.model());
      if (!contextual && !stage.tuples().isEmpty()) {
        target.writeTuples(stage.tuples());
      }
      for (Assertion assertion : stage.assertions()) {
        List<TupleKey> contextualTuples = new ArrayList<>(assertion.contextualTuples());
        if (contextual) {
          contextualTuples.addAll(stage.tuples());
        }
        String failure = runAssertion(assertion, contextualTuples);
        boolean passed = failure == null;
        record(testCase, assertion, contextual, passed);
        if (!passed) {
          failures.add("stage " + stageNumber + " " + describe(assertion) + ": " + failure);
        }
      }
    }
    return failures;
  }

  private void record(
      ConformanceCase testCase, Assertion assertion, boolean contextual, boolean passed) {
    stats.record("all", passed);
    stats.record(
        switch (assertion.kind()) {
          case CHECK -> "check";
          case LIST_OBJECTS -> "list-objects";
          case LIST_USERS -> "list-users";
        },
        passed);
    if (testCase.file().startsWith("abac") || !assertion.context().isEmpty()) {
      stats.record("conditions", passed);
    }
    if (contextual || !assertion.contextualTuples().isEmpty()) {
      stats.record("contextual-tuples", passed);
    }
    if (assertion.errorCode() != 0) {
      stats.record("expected-errors", passed);
    }
  }

  private String runAssertion(Assertion assertion, List<TupleKey> contextualTuples) {
    try {
      String failure =
          switch (assertion.kind()) {
            case CHECK -> {
              boolean allowed =
                  target.check(assertion.tuple(), contextualTuples, assertion.context());
              yield assertion.errorCode() != 0
                  ? "expected error " + assertion.errorCode() + " but got " + allowed
                  : allowed == assertion.expectedAllowed()
                      ? null
                      : "expected " + assertion.expectedAllowed() + " but got " + allowed;
            }
            case LIST_OBJECTS -> {
              List<String> objects =
                  target.listObjects(
                      assertion.user(),
                      assertion.type(),
                      assertion.relation(),
                      contextualTuples,
                      assertion.context());
              String mismatch = compareLists(assertion, objects);
              yield mismatch != null
                  ? mismatch
                  : verifyEach(
                      objects,
                      object ->
                          target.check(
                              new TupleKey(object, assertion.relation(), assertion.user(), null),
                              contextualTuples,
                              assertion.context()));
            }
            case LIST_USERS -> {
              List<String> users =
                  target.listUsers(
                      assertion.object(),
                      assertion.relation(),
                      assertion.filter(),
                      contextualTuples,
                      assertion.context());
              String mismatch = compareLists(assertion, users);
              yield mismatch != null
                  ? mismatch
                  : verifyEach(
                      users,
                      user ->
                          target.check(
                              new TupleKey(assertion.object(), assertion.relation(), user, null),
                              contextualTuples,
                              assertion.context()));
            }
          };
      return failure;
    } catch (RuntimeException e) {
      OptionalInt code = target.errorCode(e);
      if (assertion.errorCode() != 0
          && code.isPresent()
          && code.getAsInt() == assertion.errorCode()) {
        return null;
      }
      return "unexpected failure "
          + (code.isPresent() ? "code " + code.getAsInt() + " " : "")
          + e
          + (assertion.errorCode() != 0 ? " (expected error " + assertion.errorCode() + ")" : "");
    }
  }

  private static String compareLists(Assertion assertion, List<String> actual) {
    if (assertion.errorCode() != 0) {
      return "expected error " + assertion.errorCode() + " but got " + actual;
    }
    Set<String> expected = new HashSet<>(assertion.expectedList());
    Set<String> got = new HashSet<>(actual);
    if (got.size() != actual.size()) {
      return "answer has duplicates: " + actual;
    }
    return expected.equals(got)
        ? null
        : "expected " + new TreeSet<>(expected) + " but got " + new TreeSet<>(got);
  }

  private static String verifyEach(List<String> answers, Predicate<String> check) {
    for (String answer : answers) {
      if (!check.test(answer)) {
        return "listed " + answer + " but Check on it is false";
      }
    }
    return null;
  }

  private static String describe(Assertion assertion) {
    return switch (assertion.kind()) {
      case CHECK -> "check " + assertion.tuple();
      case LIST_OBJECTS ->
          "listObjects " + assertion.user() + " " + assertion.relation() + " " + assertion.type();
      case LIST_USERS ->
          "listUsers "
              + assertion.object()
              + "#"
              + assertion.relation()
              + " filter "
              + assertion.filter();
    };
  }
}
