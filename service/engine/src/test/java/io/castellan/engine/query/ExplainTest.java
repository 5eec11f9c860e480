package io.castellan.engine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.castellan.engine.model.CompiledModel;
import io.castellan.engine.model.ModelLoader;
import io.castellan.engine.store.TupleStore;
import io.castellan.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Explanations: the path that granted a check, the branches a denial tried, within a bound. */
class ExplainTest {

  private static final CompiledModel MODEL =
      ModelLoader.fromDsl(
          """
      model
        schema 1.1
      type user
      type group
        relations
          define member: [user, group#member]
      type folder
        relations
          define viewer: [user]
      type document
        relations
          define parent: [folder]
          define blocked: [user]
          define editor: [user]
          define viewer: ([user, group#member] or editor or viewer from parent) but not blocked
      """);

  private static final TupleStore STORE =
      TupleStore.EMPTY.apply(
          List.of(),
          TupleValidator.validateAll(
              MODEL,
              List.of(
                  TupleKey.of("document:1", "viewer", "group:eng#member"),
                  TupleKey.of("group:eng", "member", "user:dave"),
                  TupleKey.of("document:1", "parent", "folder:f"),
                  TupleKey.of("folder:f", "viewer", "user:hank"),
                  TupleKey.of("document:1", "viewer", "user:ivan"),
                  TupleKey.of("document:1", "blocked", "user:ivan")),
              ErrorCode.INVALID_TUPLE));

  private final Queries queries = new Queries(QueryOptions.DEFAULTS);

  private Explanation explain(String object, String relation, String user, int maxSteps) {
    return queries.explain(MODEL, STORE, CheckRequest.of(object, relation, user), maxSteps);
  }

  /** The tuples on the explanation's steps, in order, as object#relation@user. */
  private static List<String> tuples(Explanation.Step step) {
    List<String> found = new ArrayList<>();
    collect(step, found);
    return found;
  }

  private static void collect(Explanation.Step step, List<String> found) {
    if (step.tuple() != null) {
      found.add(step.tuple().toString());
    }
    step.children().forEach(child -> collect(child, found));
  }

  private static int count(Explanation.Step step) {
    return 1 + step.children().stream().mapToInt(ExplainTest::count).sum();
  }

  @Test
  void anAllowedCheckShowsTheTuplesAndRewritesThatGrantedIt() {
    Explanation explanation = explain("document:1", "viewer", "user:dave", 100);
    assertTrue(explanation.allowed());
    Explanation.Step root = explanation.root();
    assertEquals("check", root.kind());
    assertEquals("document:1", root.object());
    assertEquals("true", root.result());
    assertEquals("exclusion", root.children().get(0).kind());
    assertEquals(
        List.of("document:1#viewer@group:eng#member", "group:eng#member@user:dave"), tuples(root));
  }

  @Test
  void aPathThroughAParentNamesTheTupleToUsersetAndItsTuple() {
    Explanation explanation = explain("document:1", "viewer", "user:hank", 100);
    assertTrue(explanation.allowed());
    assertEquals(
        List.of("document:1#parent@folder:f", "folder:f#viewer@user:hank"),
        tuples(explanation.root()));
    assertTrue(explanation.root().toString().contains("tuple_to_userset"));
  }

  @Test
  void aDenialShowsTheBranchesItTriedIncludingTheExclusion() {
    Explanation explanation = explain("document:1", "viewer", "user:ivan", 100);
    assertFalse(explanation.allowed());
    assertEquals("false", explanation.root().result());
    List<String> tried = tuples(explanation.root());
    assertTrue(tried.contains("document:1#viewer@user:ivan"), tried.toString());
    assertTrue(tried.contains("document:1#blocked@user:ivan"), tried.toString());
    assertFalse(explanation.truncated());
  }

  @Test
  void aLongEvaluationIsCutAtTheBoundAndSaysSo() {
    Explanation explanation = explain("document:1", "viewer", "user:nobody", 3);
    assertFalse(explanation.allowed());
    assertTrue(explanation.truncated());
    assertEquals(3, count(explanation.root()));
  }
}
