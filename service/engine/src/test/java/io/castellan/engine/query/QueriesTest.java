package io.castellan.engine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.castellan.engine.EngineException;
import io.castellan.engine.model.CompiledModel;
import io.castellan.engine.model.ModelLoader;
import io.castellan.engine.store.IndexedTuple;
import io.castellan.engine.store.TupleCondition;
import io.castellan.engine.store.TupleStore;
import io.castellan.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class QueriesTest {

  // --- the model and tuples most tests use ---------------------------------------------------

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
          define owner: [user]
          define viewer: [user, group#member] or owner
      type document
        relations
          define parent: [folder]
          define owner: [user]
          define editor: [user, group#member] or owner
          define blocked: [user]
          define viewer: ([user, user:*, group#member, user with in_office] or editor or viewer from parent) but not blocked
          define approver: [user] and editor
          define commenter: [user with in_office]
      condition in_office(office: string) {
        office == "paris"
      }
      """);

  private static final TupleStore STORE =
      store(
          MODEL,
          key("document:1", "owner", "user:anne"),
          key("document:1", "editor", "user:bob"),
          key("document:1", "parent", "folder:f"),
          key("folder:f", "viewer", "user:hank"),
          key("folder:f", "owner", "user:fred"),
          key("document:1", "viewer", "group:eng#member"),
          key("group:eng", "member", "user:dave"),
          key("group:eng", "member", "group:core#member"),
          key("group:core", "member", "user:gina"),
          key("document:1", "viewer", "user:ivan"),
          key("document:1", "blocked", "user:ivan"),
          key("document:1", "blocked", "user:jack"),
          key("document:1", "approver", "user:bob"),
          key("document:1", "approver", "user:jane"),
          key("document:public", "viewer", "user:*"),
          key("document:1", "viewer", "user:erin", "in_office", Map.of()),
          key("document:2", "viewer", "user:kate", "in_office", Map.of("office", "paris")));

  private final Queries queries = new Queries(QueryOptions.DEFAULTS);

  private static TupleKey key(String object, String relation, String user) {
    return TupleKey.of(object, relation, user);
  }

  private static TupleKey key(
      String object, String relation, String user, String condition, Map<String, Object> context) {
    return new TupleKey(object, relation, user, new TupleCondition(condition, context));
  }

  private static TupleStore store(CompiledModel model, TupleKey... keys) {
    return TupleStore.EMPTY.apply(
        List.of(), TupleValidator.validateAll(model, List.of(keys), ErrorCode.INVALID_TUPLE));
  }

  private boolean check(String object, String relation, String user) {
    return queries.check(MODEL, STORE, CheckRequest.of(object, relation, user));
  }

  private boolean check(String object, String relation, String user, Map<String, Object> context) {
    return queries.check(
        MODEL, STORE, new CheckRequest(object, relation, user, List.of(), context));
  }

  private static EngineException fails(ErrorCode code, Executable query) {
    EngineException error = assertThrows(EngineException.class, query);
    assertEquals(code, error.code(), error.getMessage());
    return error;
  }

  private static Set<String> users(List<UserRef> users) {
    return users.stream().map(UserRef::toString).collect(Collectors.toSet());
  }

  private static List<String> keys(ReadPage page) {
    return page.tuples().stream().map(IndexedTuple::toString).toList();
  }

  // --- Check: one rewrite kind at a time -------------------------------------------------------

  @Test
  void aDirectTupleGrantsItsRelation() {
    assertTrue(check("document:1", "owner", "user:anne"));
  }

  @Test
  void withoutATupleADirectRelationIsDenied() {
    assertFalse(check("document:1", "owner", "user:bob"));
    assertFalse(check("document:2", "owner", "user:anne"));
  }

  @Test
  void aComputedUsersetGrantsThroughTheOtherRelation() {
    assertTrue(check("document:1", "editor", "user:anne")); // editor: ... or owner
  }

  @Test
  void aComputedUsersetDoesNotGrantTheOtherWayRound() {
    assertFalse(check("document:1", "owner", "user:bob")); // bob is an editor, not an owner
  }

  @Test
  void aUnionGrantsThroughAnyOfItsBranches() {
    assertTrue(check("document:1", "viewer", "user:bob")); // through editor
    assertTrue(check("document:1", "viewer", "user:anne")); // through editor, through owner
  }

  @Test
  void aUnionDeniesWhenNoBranchGrants() {
    assertFalse(check("document:1", "viewer", "user:nobody"));
  }

  @Test
  void aTupleToUsersetGrantsThroughTheParentsRelation() {
    assertTrue(check("document:1", "viewer", "user:hank")); // folder:f viewer
    assertTrue(check("document:1", "viewer", "user:fred")); // folder:f owner, hence folder viewer
  }

  @Test
  void aTupleToUsersetDoesNotGrantToObjectsWithoutThatParent() {
    assertFalse(check("document:2", "viewer", "user:hank"));
  }

  @Test
  void aUsersetTupleGrantsToTheGroupsMembers() {
    assertTrue(check("document:1", "viewer", "user:dave"));
  }

  @Test
  void nestedGroupsGrantToMembersOfMembers() {
    assertTrue(check("document:1", "viewer", "user:gina")); // core member, core is in eng
  }

  @Test
  void aUsersetCanBeCheckedAsTheUser() {
    assertTrue(check("document:1", "viewer", "group:eng#member"));
    assertTrue(check("document:1", "viewer", "group:core#member"));
    assertFalse(check("document:2", "viewer", "group:eng#member"));
  }

  @Test
  void butNotDeniesAnExcludedSubjectWhoWouldOtherwiseBeGranted() {
    assertTrue(check("document:1", "blocked", "user:ivan"));
    assertFalse(check("document:1", "viewer", "user:ivan")); // direct viewer, but blocked
  }

  @Test
  void butNotDoesNotGrantAnExcludedSubjectWithoutTheBase() {
    assertFalse(check("document:1", "viewer", "user:jack")); // blocked, not a viewer
  }

  @Test
  void andGrantsOnlyWhenEveryBranchGrants() {
    assertTrue(check("document:1", "approver", "user:bob")); // approver tuple and editor
  }

  @Test
  void andDeniesWhenOneBranchDenies() {
    assertFalse(check("document:1", "approver", "user:jane")); // approver tuple, not an editor
    assertFalse(check("document:1", "approver", "user:anne")); // editor, no approver tuple
  }

  @Test
  void aWildcardTupleGrantsEveryUserOfItsType() {
    assertTrue(check("document:public", "viewer", "user:anyone"));
    assertTrue(check("document:public", "viewer", "user:anne"));
  }

  @Test
  void aWildcardTupleGrantsOnlyOnItsOwnObject() {
    assertFalse(check("document:1", "viewer", "user:anyone"));
  }

  @Test
  void aConditionalTupleGrantsWhenTheConditionHolds() {
    assertTrue(check("document:1", "viewer", "user:erin", Map.of("office", "paris")));
  }

  @Test
  void aConditionalTupleDeniesWhenTheConditionDoesNotHold() {
    assertFalse(check("document:1", "viewer", "user:erin", Map.of("office", "berlin")));
  }

  @Test
  void aConditionalTupleWithoutItsParameterFailsTheCheck() {
    EngineException error =
        fails(ErrorCode.VALIDATION_ERROR, () -> check("document:1", "viewer", "user:erin"));
    assertTrue(error.getMessage().contains("office"), error.getMessage());
  }

  @Test
  void aConditionUsesTheContextStoredOnTheTuple() {
    assertTrue(check("document:2", "viewer", "user:kate"));
    assertTrue(
        check(
            "document:2",
            "viewer",
            "user:kate",
            Map.of("office", "berlin"))); // the tuple's value wins
  }

  @Test
  void checkingAnUndefinedRelationIsAValidationError() {
    fails(ErrorCode.VALIDATION_ERROR, () -> check("document:1", "reader", "user:anne"));
    fails(ErrorCode.VALIDATION_ERROR, () -> check("spreadsheet:1", "viewer", "user:anne"));
  }

  @Test
  void checkingWithAMalformedUserIsAValidationError() {
    fails(ErrorCode.VALIDATION_ERROR, () -> check("document:1", "viewer", "anne"));
    fails(ErrorCode.VALIDATION_ERROR, () -> check("document:1", "viewer", "robot:r2"));
  }

  // --- contextual tuples ---------------------------------------------------------------------

  @Test
  void aContextualTupleGrantsWithinItsRequest() {
    CheckRequest request =
        new CheckRequest(
            "document:3",
            "viewer",
            "user:zed",
            List.of(key("document:3", "viewer", "user:zed")),
            Map.of());
    assertTrue(queries.check(MODEL, STORE, request));
  }

  @Test
  void aContextualTupleDoesNotOutliveItsRequest() {
    queries.check(
        MODEL,
        STORE,
        new CheckRequest(
            "document:3",
            "viewer",
            "user:zed",
            List.of(key("document:3", "viewer", "user:zed")),
            Map.of()));
    assertFalse(check("document:3", "viewer", "user:zed"));
    assertFalse(
        STORE.contains(new IndexedTuple("document", "3", "viewer", "user", "zed", null, null)));
  }

  @Test
  void aContextualTupleCanExcludeWithinItsRequest() {
    CheckRequest request =
        new CheckRequest(
            "document:1",
            "viewer",
            "user:anne",
            List.of(key("document:1", "blocked", "user:anne")),
            Map.of());
    assertFalse(queries.check(MODEL, STORE, request));
    assertTrue(check("document:1", "viewer", "user:anne"));
  }

  @Test
  void contextualTuplesJoinStoredOnesOnTheWay() {
    // stored: document:1 viewer group:eng#member; contextual: eng gets a new member
    CheckRequest request =
        new CheckRequest(
            "document:1",
            "viewer",
            "user:newcomer",
            List.of(key("group:eng", "member", "user:newcomer")),
            Map.of());
    assertTrue(queries.check(MODEL, STORE, request));
  }

  @Test
  void contextualTuplesCountForListObjectsOnlyInThatRequest() {
    ListObjectsRequest with =
        new ListObjectsRequest(
            "document",
            "viewer",
            "user:zed",
            List.of(key("document:3", "viewer", "user:zed")),
            Map.of());
    assertEquals(
        Set.of("document:3", "document:public"),
        Set.copyOf(queries.listObjects(MODEL, STORE, with)));
    ListObjectsRequest without =
        new ListObjectsRequest("document", "viewer", "user:zed", List.of(), Map.of());
    assertEquals(Set.of("document:public"), Set.copyOf(queries.listObjects(MODEL, STORE, without)));
  }

  @Test
  void moreContextualTuplesThanTheLimitAreRejected() {
    Queries strict = new Queries(new QueryOptions(25, 1000, 2, 100));
    CheckRequest request =
        new CheckRequest(
            "document:3",
            "viewer",
            "user:zed",
            List.of(
                key("document:3", "viewer", "user:a"),
                key("document:3", "viewer", "user:b"),
                key("document:3", "viewer", "user:c")),
            Map.of());
    fails(ErrorCode.VALIDATION_ERROR, () -> strict.check(MODEL, STORE, request));
  }

  // --- tuples the current model no longer allows -------------------------------------------

  private static final CompiledModel MODEL_A =
      ModelLoader.fromDsl(
          """
      model
        schema 1.1
      type user
      type group
        relations
          define member: [user]
      type folder
        relations
          define viewer: [user]
      type document
        relations
          define parent: [folder]
          define viewer: [user, user:*, group#member, user with in_office] or viewer from parent
      condition in_office(office: string) {
        office == "paris"
      }
      """);

  /**
   * Model A with the wildcard, userset and conditional restrictions removed and parents now teams.
   */
  private static final CompiledModel MODEL_B =
      ModelLoader.fromDsl(
          """
      model
        schema 1.1
      type user
      type group
        relations
          define member: [user]
      type folder
        relations
          define viewer: [user]
      type team
        relations
          define viewer: [user]
      type document
        relations
          define parent: [team]
          define viewer: [user] or viewer from parent
      """);

  /** Written while model A was current. */
  private static final TupleStore WRITTEN_UNDER_A =
      store(
          MODEL_A,
          key("document:1", "viewer", "group:eng#member"),
          key("group:eng", "member", "user:anne"),
          key("document:1", "viewer", "user:*"),
          key("document:1", "viewer", "user:erin", "in_office", Map.of("office", "paris")),
          key("document:1", "parent", "folder:f"),
          key("folder:f", "viewer", "user:bob"),
          key("document:1", "viewer", "user:zoe"));

  @Test
  void underTheOldModelTheRemovedRestrictionsStillGrant() {
    for (String user : List.of("user:anne", "user:someone", "user:erin", "user:bob", "user:zoe")) {
      assertTrue(
          queries.check(MODEL_A, WRITTEN_UNDER_A, CheckRequest.of("document:1", "viewer", user)),
          user);
    }
  }

  @Test
  void aUsersetTupleTheNewModelNoLongerAllowsIsIgnored() {
    assertFalse(
        queries.check(
            MODEL_B, WRITTEN_UNDER_A, CheckRequest.of("document:1", "viewer", "user:anne")));
  }

  @Test
  void aWildcardTupleTheNewModelNoLongerAllowsIsIgnored() {
    assertFalse(
        queries.check(
            MODEL_B, WRITTEN_UNDER_A, CheckRequest.of("document:1", "viewer", "user:someone")));
  }

  @Test
  void aConditionalTupleTheNewModelNoLongerAllowsIsIgnoredEvenThoughItsConditionIsGone() {
    assertFalse(
        queries.check(
            MODEL_B, WRITTEN_UNDER_A, CheckRequest.of("document:1", "viewer", "user:erin")));
  }

  @Test
  void aTuplesetTupleTheNewModelNoLongerAllowsIsIgnored() {
    assertFalse(
        queries.check(
            MODEL_B, WRITTEN_UNDER_A, CheckRequest.of("document:1", "viewer", "user:bob")));
  }

  @Test
  void tuplesTheNewModelStillAllowsStillGrant() {
    assertTrue(
        queries.check(
            MODEL_B, WRITTEN_UNDER_A, CheckRequest.of("document:1", "viewer", "user:zoe")));
  }

  @Test
  void listObjectsIgnoresTuplesTheNewModelNoLongerAllows() {
    for (String user : List.of("user:anne", "user:someone", "user:erin", "user:bob")) {
      assertEquals(
          List.of(),
          queries.listObjects(
              MODEL_B,
              WRITTEN_UNDER_A,
              new ListObjectsRequest("document", "viewer", user, List.of(), Map.of())),
          user);
    }
  }

  @Test
  void listUsersIgnoresTuplesTheNewModelNoLongerAllows() {
    List<UserRef> found =
        queries.listUsers(
            MODEL_B,
            WRITTEN_UNDER_A,
            new ListUsersRequest(
                "document:1",
                "viewer",
                List.of(new ListUsersRequest.UserFilter("user", null)),
                List.of(),
                Map.of()));
    assertEquals(Set.of("user:zoe"), users(found));
  }

  @Test
  void expandIgnoresTuplesTheNewModelNoLongerAllows() {
    ExpandNode tree = queries.expand(MODEL_B, WRITTEN_UNDER_A, "document:1", "viewer", List.of());
    assertEquals(
        new ExpandNode.Union(
            "document:1#viewer",
            List.of(
                new ExpandNode.Users("document:1#viewer", List.of("user:zoe")),
                new ExpandNode.TupleToUserset(
                    "document:1#viewer", "document:1#parent", List.of()))),
        tree);
  }

  // --- depth limit ---------------------------------------------------------------------------

  private static final CompiledModel GROUPS =
      ModelLoader.fromDsl(
          """
      model
        schema 1.1
      type user
      type group
        relations
          define member: [user, group#member]
      """);

  /** group:g0 holds user:anne; each group:g(i) holds group:g(i-1)#member: 30 nested groups. */
  private static TupleStore nestedGroups(int count) {
    List<TupleKey> keys = new ArrayList<>();
    keys.add(key("group:g0", "member", "user:anne"));
    for (int i = 1; i < count; i++) {
      keys.add(key("group:g" + i, "member", "group:g" + (i - 1) + "#member"));
    }
    return store(GROUPS, keys.toArray(TupleKey[]::new));
  }

  @Test
  void thirtyNestedGroupsExceedADepthLimitOf25() {
    Queries limited = new Queries(new QueryOptions(25, 1000, 100, 100));
    fails(
        ErrorCode.RESOLUTION_TOO_COMPLEX,
        () ->
            limited.check(
                GROUPS, nestedGroups(30), CheckRequest.of("group:g29", "member", "user:anne")));
  }

  @Test
  void thirtyNestedGroupsResolveUnderADepthLimitOf50() {
    Queries generous = new Queries(new QueryOptions(50, 1000, 100, 100));
    assertTrue(
        generous.check(
            GROUPS, nestedGroups(30), CheckRequest.of("group:g29", "member", "user:anne")));
  }

  @Test
  void theDefaultDepthLimitIs25() {
    assertEquals(25, QueryOptions.DEFAULTS.maxDepth());
    fails(
        ErrorCode.RESOLUTION_TOO_COMPLEX,
        () ->
            queries.check(
                GROUPS, nestedGroups(30), CheckRequest.of("group:g29", "member", "user:anne")));
  }

  @Test
  void aShallowNestingResolvesUnderTheDefaultLimit() {
    assertTrue(
        queries.check(
            GROUPS, nestedGroups(10), CheckRequest.of("group:g9", "member", "user:anne")));
    assertFalse(
        queries.check(GROUPS, nestedGroups(10), CheckRequest.of("group:g9", "member", "user:bob")));
  }

  // --- BatchCheck ----------------------------------------------------------------------------

  @Test
  void batchCheckAnswersEachItemAndReportsErrorsPerItem() {
    Map<String, CheckRequest> batch = new LinkedHashMap<>();
    batch.put("allowed", CheckRequest.of("document:1", "viewer", "user:dave"));
    batch.put("denied", CheckRequest.of("document:1", "viewer", "user:nobody"));
    batch.put("unknown-relation", CheckRequest.of("document:1", "reader", "user:dave"));
    batch.put("missing-parameter", CheckRequest.of("document:1", "viewer", "user:erin"));
    batch.put("bad-user", CheckRequest.of("document:1", "viewer", "dave"));
    batch.put(
        "condition-holds",
        new CheckRequest(
            "document:1", "viewer", "user:erin", List.of(), Map.of("office", "paris")));

    Map<String, BatchCheckResult> results = new LinkedHashMap<>();
    for (BatchCheckResult result : queries.batchCheck(MODEL, STORE, batch)) {
      results.put(result.correlationId(), result);
    }

    assertEquals(batch.keySet(), results.keySet());
    assertTrue(results.get("allowed").allowed());
    assertNull(results.get("allowed").error());
    assertFalse(results.get("denied").allowed());
    assertNull(results.get("denied").error());
    assertEquals(ErrorCode.VALIDATION_ERROR, results.get("unknown-relation").error().code());
    assertEquals(ErrorCode.VALIDATION_ERROR, results.get("missing-parameter").error().code());
    assertEquals(ErrorCode.VALIDATION_ERROR, results.get("bad-user").error().code());
    assertTrue(results.get("condition-holds").allowed());
    assertNull(results.get("condition-holds").error());
  }

  @Test
  void aBatchItemExceedingTheDepthLimitFailsAloneWithItsCode() {
    Map<String, CheckRequest> batch = new LinkedHashMap<>();
    batch.put("deep", CheckRequest.of("group:g29", "member", "user:anne"));
    batch.put("shallow", CheckRequest.of("group:g3", "member", "user:anne"));
    List<BatchCheckResult> results = queries.batchCheck(GROUPS, nestedGroups(30), batch);
    assertEquals(2, results.size());
    BatchCheckResult deep =
        results.stream().filter(r -> r.correlationId().equals("deep")).findFirst().orElseThrow();
    BatchCheckResult shallow =
        results.stream().filter(r -> r.correlationId().equals("shallow")).findFirst().orElseThrow();
    assertEquals(ErrorCode.RESOLUTION_TOO_COMPLEX, deep.error().code());
    assertTrue(shallow.allowed());
    assertNull(shallow.error());
  }

  // --- Expand --------------------------------------------------------------------------------

  @Test
  void expandOfAUnionWithATupleToUsersetListsDirectSubjectsAndParentUsersets() {
    TupleStore store =
        store(
            MODEL_A,
            key("document:1", "viewer", "user:anne"),
            key("document:1", "viewer", "group:eng#member"),
            key("document:1", "parent", "folder:f"),
            key("folder:f", "viewer", "user:bob"));
    ExpandNode tree = queries.expand(MODEL_A, store, "document:1", "viewer", List.of());
    assertEquals(
        new ExpandNode.Union(
            "document:1#viewer",
            List.of(
                new ExpandNode.Users("document:1#viewer", List.of("user:anne", "group:eng#member")),
                new ExpandNode.TupleToUserset(
                    "document:1#viewer", "document:1#parent", List.of("folder:f#viewer")))),
        tree);
  }

  @Test
  void expandOfAnExclusionShowsItsBaseAndSubtractedUsersets() {
    TupleStore store = store(MODEL, key("document:9", "viewer", "user:anne"));
    ExpandNode tree = queries.expand(MODEL, store, "document:9", "viewer", List.of());
    assertEquals(
        new ExpandNode.Difference(
            "document:9#viewer",
            new ExpandNode.Union(
                "document:9#viewer",
                List.of(
                    new ExpandNode.Users("document:9#viewer", List.of("user:anne")),
                    new ExpandNode.Computed("document:9#viewer", "document:9#editor"),
                    new ExpandNode.TupleToUserset(
                        "document:9#viewer", "document:9#parent", List.of()))),
            new ExpandNode.Computed("document:9#viewer", "document:9#blocked")),
        tree);
  }

  @Test
  void expandOfAnIntersectionShowsEachBranch() {
    TupleStore store = store(MODEL, key("document:9", "approver", "user:anne"));
    assertEquals(
        new ExpandNode.Intersection(
            "document:9#approver",
            List.of(
                new ExpandNode.Users("document:9#approver", List.of("user:anne")),
                new ExpandNode.Computed("document:9#approver", "document:9#editor"))),
        queries.expand(MODEL, store, "document:9", "approver", List.of()));
  }

  @Test
  void expandOfAnUndefinedRelationFailsWithRelationNotFound() {
    fails(
        ErrorCode.RELATION_NOT_FOUND,
        () -> queries.expand(MODEL, STORE, "document:1", "reader", List.of()));
  }

  // --- ListObjects ---------------------------------------------------------------------------

  private List<String> listObjects(String type, String relation, String user) {
    return queries.listObjects(
        MODEL, STORE, new ListObjectsRequest(type, relation, user, List.of(), Map.of()));
  }

  @Test
  void listObjectsFindsObjectsReachedDirectlyThroughGroupsParentsAndWildcards() {
    assertEquals(
        Set.of("document:1", "document:public"),
        Set.copyOf(listObjects("document", "viewer", "user:gina")));
    assertEquals(
        Set.of("document:1", "document:public"),
        Set.copyOf(listObjects("document", "viewer", "user:hank")));
    assertEquals(
        Set.of("document:1", "document:public"),
        Set.copyOf(listObjects("document", "viewer", "user:anne")));
  }

  @Test
  void listObjectsLeavesOutExcludedObjects() {
    assertEquals(
        Set.of("document:public"), Set.copyOf(listObjects("document", "viewer", "user:ivan")));
  }

  @Test
  void listObjectsForAUserWithNothingFindsOnlyPublicObjects() {
    assertEquals(List.of("document:public"), listObjects("document", "viewer", "user:nobody"));
    assertEquals(List.of(), listObjects("document", "owner", "user:nobody"));
  }

  @Test
  void listObjectsTruncatesAtMaxListResults() {
    List<TupleKey> keys = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      keys.add(key("document:d" + i, "owner", "user:anne"));
    }
    TupleStore store = store(MODEL, keys.toArray(TupleKey[]::new));
    ListObjectsRequest request =
        new ListObjectsRequest("document", "owner", "user:anne", List.of(), Map.of());
    assertEquals(10, queries.listObjects(MODEL, store, request).size());
    List<String> truncated =
        new Queries(new QueryOptions(25, 3, 100, 100)).listObjects(MODEL, store, request);
    assertEquals(3, truncated.size());
    assertEquals(3, Set.copyOf(truncated).size());
    assertTrue(Set.copyOf(queries.listObjects(MODEL, store, request)).containsAll(truncated));
  }

  @Test
  void listObjectsOfAnUndefinedTypeFailsWithTypeNotFound() {
    fails(ErrorCode.TYPE_NOT_FOUND, () -> listObjects("spreadsheet", "viewer", "user:anne"));
  }

  // --- ListUsers -----------------------------------------------------------------------------

  private List<UserRef> listUsers(
      String object, String relation, String filterType, String filterRelation) {
    return queries.listUsers(
        MODEL,
        STORE,
        new ListUsersRequest(
            object,
            relation,
            List.of(new ListUsersRequest.UserFilter(filterType, filterRelation)),
            List.of(),
            Map.of("office", "paris")));
  }

  @Test
  void listUsersFindsDirectGroupAndParentUsersButNotExcludedOnes() {
    assertEquals(
        Set.of(
            "user:anne",
            "user:bob",
            "user:hank",
            "user:fred",
            "user:dave",
            "user:gina",
            "user:erin"),
        users(listUsers("document:1", "viewer", "user", null)));
  }

  @Test
  void listUsersReturnsAWildcardAsTheWildcard() {
    assertEquals(Set.of("user:*"), users(listUsers("document:public", "viewer", "user", null)));
  }

  @Test
  void listUsersWithAUsersetFilterReturnsUsersets() {
    assertEquals(
        Set.of("group:eng#member", "group:core#member"),
        users(listUsers("document:1", "viewer", "group", "member")));
  }

  @Test
  void listUsersTruncatesAtMaxListResults() {
    List<TupleKey> keys = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      keys.add(key("document:big", "owner", "user:u" + i));
    }
    TupleStore store = store(MODEL, keys.toArray(TupleKey[]::new));
    ListUsersRequest request =
        new ListUsersRequest(
            "document:big",
            "owner",
            List.of(new ListUsersRequest.UserFilter("user", null)),
            List.of(),
            Map.of());
    assertEquals(10, queries.listUsers(MODEL, store, request).size());
    List<UserRef> truncated =
        new Queries(new QueryOptions(25, 4, 100, 100)).listUsers(MODEL, store, request);
    assertEquals(4, truncated.size());
    assertEquals(4, Set.copyOf(truncated).size());
  }

  // --- Read ----------------------------------------------------------------------------------

  private static final TupleStore READABLE =
      store(
          MODEL,
          key("document:1", "viewer", "user:anne"),
          key("document:1", "viewer", "group:eng#member"),
          key("document:1", "owner", "user:anne"),
          key("document:2", "viewer", "user:anne"),
          key("document:2", "viewer", "user:bob"),
          key("folder:f", "viewer", "user:anne"),
          key("group:eng", "member", "user:anne"));

  @Test
  void readByObjectAndRelationReturnsExactlyThoseTuplesSorted() {
    ReadPage page = queries.read(READABLE, new ReadRequest("document:1", "viewer", null, 0, null));
    assertEquals(
        List.of("document:1#viewer@group:eng#member", "document:1#viewer@user:anne"), keys(page));
    assertEquals("", page.continuationToken());
  }

  @Test
  void readByTypeOnlyReturnsEveryTupleOfThatType() {
    ReadPage page = queries.read(READABLE, new ReadRequest("document:", null, null, 0, null));
    assertEquals(
        List.of(
            "document:1#owner@user:anne",
            "document:1#viewer@group:eng#member",
            "document:1#viewer@user:anne",
            "document:2#viewer@user:anne",
            "document:2#viewer@user:bob"),
        keys(page));
  }

  @Test
  void readByTypeAndUserReturnsThatUsersTuplesOfThatType() {
    ReadPage page =
        queries.read(READABLE, new ReadRequest("document:", null, "user:anne", 0, null));
    assertEquals(
        List.of(
            "document:1#owner@user:anne",
            "document:1#viewer@user:anne",
            "document:2#viewer@user:anne"),
        keys(page));
  }

  @Test
  void readByUsersetUserReturnsOnlyTuplesNamingThatUserset() {
    ReadPage page =
        queries.read(READABLE, new ReadRequest("document:", null, "group:eng#member", 0, null));
    assertEquals(List.of("document:1#viewer@group:eng#member"), keys(page));
  }

  @Test
  void readWithoutAFilterReturnsEverything() {
    assertEquals(
        7, queries.read(READABLE, new ReadRequest(null, null, null, 0, null)).tuples().size());
  }

  @Test
  void readReturnsStoredConditions() {
    ReadPage page = queries.read(STORE, new ReadRequest("document:2", "viewer", null, 0, null));
    assertEquals(List.of("document:2#viewer@user:kate[in_office]"), keys(page));
    assertEquals(Map.of("office", "paris"), page.tuples().get(0).condition().context());
  }

  @Test
  void readPagesThrough250TuplesAs100And100And50WithoutOverlap() {
    List<TupleKey> keys = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      keys.add(key("document:" + i, "viewer", "user:u" + (i % 7)));
    }
    TupleStore store = store(MODEL, keys.toArray(TupleKey[]::new));

    ReadPage first = queries.read(store, new ReadRequest("document:", null, null, 100, null));
    assertEquals(100, first.tuples().size());
    assertNotEquals("", first.continuationToken());
    ReadPage second =
        queries.read(
            store, new ReadRequest("document:", null, null, 100, first.continuationToken()));
    assertEquals(100, second.tuples().size());
    assertNotEquals("", second.continuationToken());
    ReadPage third =
        queries.read(
            store, new ReadRequest("document:", null, null, 100, second.continuationToken()));
    assertEquals(50, third.tuples().size());
    assertEquals("", third.continuationToken());

    Set<IndexedTuple> all = new HashSet<>();
    all.addAll(first.tuples());
    all.addAll(second.tuples());
    all.addAll(third.tuples());
    assertEquals(250, all.size(), "no tuple may appear on two pages");
    Set<IndexedTuple> stored = new HashSet<>();
    store.visitAll(stored::add);
    assertEquals(stored, all);
  }

  @Test
  void aContinuationTokenStaysValidAcrossWrites() {
    List<TupleKey> keys = new ArrayList<>();
    for (int i = 10; i < 20; i++) {
      keys.add(key("document:" + i, "owner", "user:anne"));
    }
    TupleStore store = store(MODEL, keys.toArray(TupleKey[]::new));
    ReadPage first = queries.read(store, new ReadRequest("document:", null, null, 5, null));
    TupleStore later =
        store.apply(
            List.of(new IndexedTuple("document", "17", "owner", "user", "anne", null, null)),
            List.of(new IndexedTuple("document", "19a", "owner", "user", "anne", null, null)));
    ReadPage second =
        queries.read(later, new ReadRequest("document:", null, null, 5, first.continuationToken()));
    assertEquals(
        List.of(
            "document:15#owner@user:anne",
            "document:16#owner@user:anne",
            "document:18#owner@user:anne",
            "document:19#owner@user:anne",
            "document:19a#owner@user:anne"),
        keys(second));
  }

  @Test
  void aContinuationTokenThatIsNotBase64FailsWithInvalidContinuationToken() {
    fails(
        ErrorCode.INVALID_CONTINUATION_TOKEN,
        () -> queries.read(READABLE, new ReadRequest("document:", null, null, 10, "not a token!")));
  }

  @Test
  void aGarbageContinuationTokenFailsWithInvalidContinuationToken() {
    // only base64url letters, but not a token Read ever issued
    fails(
        ErrorCode.INVALID_CONTINUATION_TOKEN,
        () -> queries.read(READABLE, new ReadRequest("document:", null, null, 10, "garbage")));
  }

  @Test
  void aPageSizeAboveTheLimitFailsWithValidationError() {
    fails(
        ErrorCode.VALIDATION_ERROR,
        () -> queries.read(READABLE, new ReadRequest("document:", null, null, 101, null)));
  }

  @Test
  void aPageSizeOfZeroMeansTheLimit() {
    List<TupleKey> keys = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      keys.add(key("document:" + i, "owner", "user:anne"));
    }
    ReadPage page =
        queries.read(
            store(MODEL, keys.toArray(TupleKey[]::new)),
            new ReadRequest("document:", null, null, 0, null));
    assertEquals(100, page.tuples().size());
    assertNotEquals("", page.continuationToken());
  }

  // --- TupleValidator ------------------------------------------------------------------------

  private static EngineException invalid(TupleKey key) {
    return fails(
        ErrorCode.INVALID_TUPLE,
        () -> TupleValidator.validate(MODEL, key, ErrorCode.INVALID_TUPLE));
  }

  @Test
  void aValidTupleIsReturnedWithTheModelsOwnTypeAndRelationStrings() {
    IndexedTuple tuple =
        TupleValidator.validate(
            MODEL,
            TupleKey.of(
                new String("document:1"), new String("viewer"), new String("group:eng#member")),
            ErrorCode.INVALID_TUPLE);
    assertEquals("document:1#viewer@group:eng#member", tuple.toString());
    assertSame(MODEL.type("document").name(), tuple.objectType());
    assertSame(MODEL.relation("document", "viewer").name(), tuple.relation());
    assertSame(MODEL.type("group").name(), tuple.subjectType());
    assertSame(MODEL.relation("group", "member").name(), tuple.subjectRelation());
  }

  @Test
  void aSubjectTypeTheRelationDoesNotAllowIsRejected() {
    EngineException error = invalid(key("document:1", "owner", "group:eng#member"));
    assertTrue(error.getMessage().contains("group#member"), error.getMessage());
    invalid(key("document:1", "owner", "user:*")); // owner allows user, not user:*
    invalid(key("document:1", "parent", "user:anne"));
  }

  @Test
  void anUnknownRelationIsRejected() {
    EngineException error = invalid(key("document:1", "reader", "user:anne"));
    assertTrue(error.getMessage().contains("reader"), error.getMessage());
  }

  @Test
  void anUnknownObjectOrSubjectTypeIsRejected() {
    invalid(key("spreadsheet:1", "viewer", "user:anne"));
    invalid(key("document:1", "viewer", "robot:r2"));
    invalid(key("document:1", "viewer", "group:eng#admin"));
  }

  @Test
  void aConditionTheRelationDoesNotAllowIsRejected() {
    EngineException error = invalid(key("document:1", "owner", "user:anne", "in_office", Map.of()));
    assertTrue(error.getMessage().contains("in_office"), error.getMessage());
  }

  @Test
  void anUndeclaredConditionIsRejected() {
    invalid(key("document:1", "viewer", "user:anne", "on_weekdays", Map.of()));
  }

  @Test
  void aMissingConditionTheRelationRequiresIsRejected() {
    invalid(key("document:1", "commenter", "user:anne"));
  }

  @Test
  void contextWithAnUndeclaredParameterIsRejected() {
    EngineException error =
        invalid(key("document:1", "viewer", "user:anne", "in_office", Map.of("floor", 3)));
    assertTrue(error.getMessage().contains("floor"), error.getMessage());
  }

  @Test
  void contextWithAValueOfTheWrongTypeIsRejected() {
    invalid(
        key("document:1", "viewer", "user:anne", "in_office", Map.of("office", List.of("paris"))));
  }

  @Test
  void malformedObjectsAndUsersAreRejected() {
    invalid(key("document", "viewer", "user:anne"));
    invalid(key("document:1", "viewer", "anne"));
    invalid(key("document:1", "viewer", "user:*#member"));
    invalid(key("document:1", "", "user:anne"));
  }

  @Test
  void theCallerChoosesTheErrorCode() {
    EngineException error =
        assertThrows(
            EngineException.class,
            () ->
                TupleValidator.validate(
                    MODEL,
                    key("document:1", "reader", "user:anne"),
                    ErrorCode.WRITE_FAILED_DUE_TO_INVALID_INPUT));
    assertEquals(ErrorCode.WRITE_FAILED_DUE_TO_INVALID_INPUT, error.code());
  }

  // --- the README's example ----------------------------------------------------------------------

  @Test
  void theReadmeEngineExampleAnswersTrue() {
    CompiledModel model =
        ModelLoader.fromDsl(
            """
        model
          schema 1.1
        type user
        type document
          relations
            define owner: [user]
            define viewer: [user, user:*] or owner
        """);
    TupleStore store =
        TupleStore.EMPTY.apply(
            List.of(),
            TupleValidator.validateAll(
                model,
                List.of(TupleKey.of("document:1", "owner", "user:anne")),
                ErrorCode.VALIDATION_ERROR));
    Queries queries = new Queries(QueryOptions.DEFAULTS);
    assertTrue(
        queries.check(model, store, CheckRequest.of("document:1", "viewer", "user:anne"))); // true
  }
}
