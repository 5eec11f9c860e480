package io.castellan.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.engine.EngineException;
import io.castellan.engine.model.ParameterType.TypeName;
import io.castellan.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ModelLoaderTest {

  /** A model using every rewrite kind, every kind of type restriction and typed conditions. */
  private static final String RICH_MODEL =
      """
      model
        schema 1.1
      type user
      type group
        relations
          define member: [user, user:*, group#member]
      type folder
        relations
          define owner: [user]
          define viewer: [user, group#member with in_office] or owner
      type document
        relations
          define parent: [folder]
          define owner: [user]
          define editor: [user with in_office, group#member] or owner
          define blocked: [user]
          define viewer: ([user, user:*] or editor or viewer from parent) but not blocked
          define approver: [user] and editor
          define auditor: [user with before_deadline, user with from_network]
      condition in_office(office: string, allowed_offices: list<string>) {
        office in allowed_offices
      }
      condition before_deadline(now: timestamp, deadline: timestamp, grace: duration) {
        now < deadline + grace
      }
      condition from_network(ip: ipaddress, cidr: string, limits: map<int>) {
        ip.in_cidr(cidr) && limits["x"] > 0
      }
      """;

  private static String rejectedWith(ErrorCode code, Executable load) {
    EngineException error = assertThrows(EngineException.class, load);
    assertEquals(code, error.code(), error.getMessage());
    return error.getMessage();
  }

  private static String rejected(Executable load) {
    return rejectedWith(ErrorCode.INVALID_AUTHORIZATION_MODEL, load);
  }

  private static void assertMentions(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "message should mention '" + part + "': " + message);
    }
  }

  // --- valid models ------------------------------------------------------------------------

  @Test
  void aValidDslModelLoadsWithItsTypesAndRelations() {
    CompiledModel compiled = ModelLoader.fromDsl(RICH_MODEL);
    AuthorizationModel model = compiled.model();
    assertEquals("1.1", model.schemaVersion());
    assertEquals(Set.of("user", "group", "folder", "document"), model.types().keySet());
    assertEquals(
        Set.of("parent", "owner", "editor", "blocked", "viewer", "approver", "auditor"),
        model.type("document").relations().keySet());
    assertTrue(model.type("user").relations().isEmpty());
    assertNull(model.relation("document", "nothing"));
    assertNull(model.relation("nothing", "viewer"));
  }

  @Test
  void aDirectRelationLoadsAsThisWithItsTypeRestrictions() {
    RelationDefinition member = ModelLoader.fromDsl(RICH_MODEL).relation("group", "member");
    assertEquals(new Userset.This(), member.rewrite());
    assertEquals(
        List.of(
            new RelationReference("user", null, false, null),
            new RelationReference("user", null, true, null),
            new RelationReference("group", "member", false, null)),
        member.directlyRelated());
  }

  @Test
  void rewritesLoadAsTheirUsersetTrees() {
    CompiledModel model = ModelLoader.fromDsl(RICH_MODEL);
    assertEquals(
        new Userset.Difference(
            new Userset.Union(
                List.of(
                    new Userset.This(),
                    new Userset.ComputedUserset("editor"),
                    new Userset.TupleToUserset("parent", "viewer"))),
            new Userset.ComputedUserset("blocked")),
        model.relation("document", "viewer").rewrite());
    assertEquals(
        new Userset.Intersection(
            List.of(new Userset.This(), new Userset.ComputedUserset("editor"))),
        model.relation("document", "approver").rewrite());
  }

  @Test
  void conditionalTypeRestrictionsNameTheirCondition() {
    CompiledModel model = ModelLoader.fromDsl(RICH_MODEL);
    assertEquals(
        List.of(
            new RelationReference("user", null, false, "before_deadline"),
            new RelationReference("user", null, false, "from_network")),
        model.relation("document", "auditor").directlyRelated());
    assertTrue(model.relation("folder", "viewer").allows("group", "member", false, "in_office"));
    assertTrue(!model.relation("folder", "viewer").allows("group", "member", false, null));
  }

  @Test
  void conditionsLoadWithTheirExpressionAndTypedParameters() {
    ConditionDefinition inOffice =
        ModelLoader.fromDsl(RICH_MODEL).model().conditions().get("in_office");
    assertNotNull(inOffice);
    assertEquals("office in allowed_offices", inOffice.expression().trim());
    assertEquals(
        Map.of(
            "office",
            ParameterType.of(TypeName.STRING),
            "allowed_offices",
            new ParameterType(TypeName.LIST, List.of(ParameterType.of(TypeName.STRING)))),
        inOffice.parameters());
  }

  @Test
  void theLoadedModelsConditionsAreCompiledAndEvaluable() {
    CompiledModel model = ModelLoader.fromDsl(RICH_MODEL);
    assertTrue(
        model
            .conditions()
            .evaluate(
                "in_office",
                Map.of("allowed_offices", List.of("paris", "oslo")),
                Map.of("office", "oslo")));
  }

  // --- DSL -> JSON -> model ----------------------------------------------------------------

  @Test
  void dslToJsonAndBackGivesAnEqualModel() {
    AuthorizationModel fromDsl = ModelLoader.fromDsl(RICH_MODEL).model();
    String json = ModelJson.toTree(fromDsl).toString();
    AuthorizationModel fromJson = ModelLoader.fromJson(json).model();
    assertEquals(fromDsl, fromJson);
  }

  @Test
  void theJsonFormUsesOpenFgaFieldNames() {
    var tree = ModelJson.toTree(ModelLoader.fromDsl(RICH_MODEL).model());
    assertEquals("1.1", tree.path("schema_version").asText());
    assertEquals(4, tree.path("type_definitions").size());
    assertTrue(tree.path("conditions").has("in_office"));
    JsonNode document = null;
    for (var type : tree.path("type_definitions")) {
      if (type.path("type").asText().equals("document")) {
        document = type;
      }
    }
    assertNotNull(document);
    assertTrue(document.path("relations").path("viewer").has("difference"));
    assertEquals(
        "folder",
        document
            .path("metadata")
            .path("relations")
            .path("parent")
            .path("directly_related_user_types")
            .get(0)
            .path("type")
            .asText());
  }

  @Test
  void theJsonFormListsTypeDefinitionsInDeclarationOrder() {
    List<String> declared =
        List.of(
            "user",
            "team",
            "org",
            "zone",
            "folder",
            "document",
            "album",
            "photo",
            "project",
            "board",
            "ticket",
            "comment");
    StringBuilder dsl = new StringBuilder("model\n  schema 1.1\n");
    for (String type : declared) {
      dsl.append("type ").append(type).append('\n');
    }
    var tree = ModelJson.toTree(ModelLoader.fromDsl(dsl.toString()).model());
    List<String> written = new ArrayList<>();
    tree.path("type_definitions").forEach(type -> written.add(type.path("type").asText()));
    assertEquals(declared, written);
  }

  @Test
  void aModelIdSurvivesTheJsonRoundTrip() {
    AuthorizationModel model = ModelLoader.fromDsl(RICH_MODEL).model().withId("01HXMODEL");
    AuthorizationModel reloaded = ModelLoader.fromJson(ModelJson.toTree(model).toString()).model();
    assertEquals("01HXMODEL", reloaded.id());
    assertEquals(model, reloaded);
  }

  // --- invalid models: structure -----------------------------------------------------------

  @Test
  void aRelationReferencingAnUndefinedRelationIsRejectedNamingTypeRelationAndLine() {
    String message =
        rejected(
            () ->
                ModelLoader.fromDsl(
                    """
        model
          schema 1.1
        type user
        type document
          relations
            define owner: [user]
            define viewer: [user] or editor
        """));
    assertMentions(message, "editor", "line 7", "document", "viewer");
  }

  @Test
  void aTupleToUsersetOverAnUndefinedTuplesetIsRejectedNamingTheLine() {
    String message =
        rejected(
            () ->
                ModelLoader.fromDsl(
                    """
        model
          schema 1.1
        type user
        type document
          relations
            define viewer: [user] or viewer from parent
        """));
    assertMentions(message, "parent", "line 6");
  }

  @Test
  void anUndefinedTypeInARestrictionIsRejectedNamingTypeRelationAndLine() {
    String message =
        rejected(
            () ->
                ModelLoader.fromDsl(
                    """
        model
          schema 1.1
        type user
        type document
          relations
            define viewer: [user, team#member]
        """));
    assertMentions(message, "team", "line 6", "document", "viewer");
  }

  @Test
  void aSyntaxErrorIsRejectedNamingTheLine() {
    String message =
        rejected(
            () ->
                ModelLoader.fromDsl(
                    """
        model
          schema 1.1
        type user
        type document
          relations
            define viewer [user]
        """));
    assertMentions(message, "line 6");
  }

  @Test
  void aJsonModelReferencingAnUndefinedRelationIsRejectedNamingTypeAndRelation() {
    String message =
        rejected(
            () ->
                ModelLoader.fromJson(
                    """
        {"schema_version": "1.1",
         "type_definitions": [
           {"type": "user"},
           {"type": "document",
            "relations": {"viewer": {"computedUserset": {"relation": "editor"}}},
            "metadata": {"relations": {"viewer": {"directly_related_user_types": []}}}}]}
        """));
    assertMentions(message, "editor", "document", "viewer");
  }

  @Test
  void textThatIsNotJsonIsRejected() {
    rejected(() -> ModelLoader.fromJson("{\"schema_version\": \"1.1\", "));
  }

  @Test
  void aTypeDefinedTwiceInJsonIsRejectedNamingIt() {
    String message =
        rejected(
            () ->
                ModelLoader.fromJson(
                    """
        {"schema_version": "1.1",
         "type_definitions": [{"type": "user"}, {"type": "user"}]}
        """));
    assertMentions(message, "user");
  }

  // --- invalid models: conditions ----------------------------------------------------------

  @Test
  void aConditionWhoseCelDoesNotCompileIsRejectedNamingTheCondition() {
    String message =
        rejected(
            () ->
                ModelLoader.fromDsl(
                    """
        model
          schema 1.1
        type user
        type document
          relations
            define viewer: [user with in_range]
        condition in_range(x: int) {
          x < "ten"
        }
        """));
    assertMentions(message, "in_range");
  }

  @Test
  void aConditionWithACelSyntaxErrorIsRejectedNamingTheCondition() {
    String message =
        rejected(
            () ->
                ModelLoader.fromDsl(
                    """
        model
          schema 1.1
        type user
        type document
          relations
            define viewer: [user with in_range]
        condition in_range(x: int) {
          x <
        }
        """));
    assertMentions(message, "in_range");
  }

  @Test
  void aConditionThatIsNotBooleanIsRejectedNamingTheCondition() {
    String message =
        rejected(
            () ->
                ModelLoader.fromDsl(
                    """
        model
          schema 1.1
        type user
        type document
          relations
            define viewer: [user with plus_one]
        condition plus_one(x: int) {
          x + 1
        }
        """));
    assertMentions(message, "plus_one");
  }

  @Test
  void aRestrictionWithAnUndefinedConditionIsRejectedNamingTypeRelationConditionAndLine() {
    String message =
        rejected(
            () ->
                ModelLoader.fromDsl(
                    """
        model
          schema 1.1
        type user
        type document
          relations
            define viewer: [user with nope]
        """));
    assertMentions(message, "nope", "document", "viewer", "line 6");
  }

  @Test
  void aJsonRestrictionWithAnUndefinedConditionIsRejectedNamingTypeRelationAndCondition() {
    String message =
        rejected(
            () ->
                ModelLoader.fromJson(
                    """
        {"schema_version": "1.1",
         "type_definitions": [
           {"type": "user"},
           {"type": "document",
            "relations": {"viewer": {"this": {}}},
            "metadata": {"relations": {"viewer": {"directly_related_user_types": [
              {"type": "user", "condition": "nope"}]}}}}]}
        """));
    assertMentions(message, "nope", "document", "viewer");
  }

  @Test
  void aModelBuiltInCodeWithAnUndefinedConditionIsRejected() {
    AuthorizationModel valid = ModelLoader.fromDsl(RICH_MODEL).model();
    AuthorizationModel withoutConditions =
        new AuthorizationModel(null, "1.1", valid.types(), Map.of());
    rejected(() -> ModelLoader.fromModel(withoutConditions));
  }

  // --- schema version ---------------------------------------------------------------------

  @Test
  void aDslSchemaVersionOtherThan11IsRejected() {
    String message =
        rejected(
            () ->
                ModelLoader.fromDsl(
                    """
        model
          schema 1.0
        type user
        """));
    assertMentions(message, "1.0");
  }

  @Test
  void aJsonSchemaVersionOtherThan11IsRejected() {
    String message =
        rejected(
            () ->
                ModelLoader.fromJson(
                    """
        {"schema_version": "1.0", "type_definitions": [{"type": "user"}]}
        """));
    assertMentions(message, "1.0");
  }

  @Test
  void aJsonModelWithoutSchemaVersionIsRejected() {
    rejected(
        () ->
            ModelLoader.fromJson(
                """
        {"type_definitions": [{"type": "user"}]}
        """));
  }

  // --- conditional tupleset restrictions (openfga-language 0.2.1 NPE workaround) ------------

  private static final String CONDITIONAL_TUPLESET =
      """
      model
        schema 1.1
      type user
      type folder
        relations
          define viewer: [user]
      type document
        relations
          define parent: [folder with in_region]
          define viewer: [user] or viewer from parent
      condition in_region(region: string) {
        region == "eu"
      }
      """;

  @Test
  void aTuplesetRelationWithAConditionalRestrictionIsAccepted() {
    CompiledModel model = ModelLoader.fromDsl(CONDITIONAL_TUPLESET);
    assertEquals(
        List.of(new RelationReference("folder", null, false, "in_region")),
        model.relation("document", "parent").directlyRelated());
    assertEquals(
        new Userset.Union(
            List.of(new Userset.This(), new Userset.TupleToUserset("parent", "viewer"))),
        model.relation("document", "viewer").rewrite());
  }

  @Test
  void aTuplesetRelationWithAConditionalRestrictionSurvivesTheJsonRoundTrip() {
    AuthorizationModel fromDsl = ModelLoader.fromDsl(CONDITIONAL_TUPLESET).model();
    AuthorizationModel fromJson =
        ModelLoader.fromJson(ModelJson.toTree(fromDsl).toString()).model();
    assertEquals(fromDsl, fromJson);
  }

  @Test
  void aTuplesetRelationWithAnUndefinedConditionIsStillRejectedNamingIt() {
    String message =
        rejected(
            () ->
                ModelLoader.fromDsl(
                    CONDITIONAL_TUPLESET.replace(
                        "define parent: [folder with in_region]",
                        "define parent: [folder with nope]")));
    assertMentions(message, "nope", "document", "parent");
  }

  @Test
  void aModelWithAConditionalTuplesetIsStillCheckedForOtherErrors() {
    String message =
        rejected(
            () ->
                ModelLoader.fromDsl(
                    CONDITIONAL_TUPLESET.replace(
                        "define viewer: [user] or viewer from parent",
                        "define viewer: [user] or viewer from parent or editor")));
    assertMentions(message, "editor", "line 10");
  }
}
