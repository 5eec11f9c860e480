package io.castellan.engine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.engine.query.TupleKey;
import io.castellan.engine.store.TupleCondition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One test case of an OpenFGA consistency YAML file: named stages of model, tuples and assertions.
 */
public record ConformanceCase(String file, int index, String name, List<Stage> stages) {

  public record Stage(String model, List<TupleKey> tuples, List<Assertion> assertions) {}

  public enum Kind {
    CHECK,
    LIST_OBJECTS,
    LIST_USERS
  }

  /**
   * One assertion. For CHECK, {@code subject} is the tuple; for LIST_OBJECTS, user/type/relation;
   * for LIST_USERS, object/relation/filter. {@code errorCode} 0 means the call must succeed.
   */
  public record Assertion(
      Kind kind,
      TupleKey tuple,
      String user,
      String type,
      String object,
      String relation,
      String filter,
      boolean expectedAllowed,
      List<String> expectedList,
      int errorCode,
      List<TupleKey> contextualTuples,
      Map<String, Object> context) {}

  public int tupleCount() {
    return stages.stream().mapToInt(stage -> stage.tuples().size()).sum();
  }

  static ConformanceCase parse(String file, int index, JsonNode test) {
    List<Stage> stages = new ArrayList<>();
    for (JsonNode stage : test.path("stages")) {
      List<Assertion> assertions = new ArrayList<>();
      for (JsonNode check : stage.path("checkAssertions")) {
        JsonNode tuple = check.path("tuple");
        assertions.add(
            new Assertion(
                Kind.CHECK,
                tupleKey(tuple),
                null,
                null,
                null,
                null,
                null,
                check.path("expectation").asBoolean(false),
                List.of(),
                check.path("errorCode").asInt(0),
                tupleKeys(check.path("contextualTuples")),
                context(check.path("context"))));
      }
      for (JsonNode listObjects : stage.path("listObjectsAssertions")) {
        JsonNode request = listObjects.path("request");
        assertions.add(
            new Assertion(
                Kind.LIST_OBJECTS,
                null,
                request.path("user").asText(),
                request.path("type").asText(),
                null,
                request.path("relation").asText(),
                null,
                false,
                strings(listObjects.path("expectation")),
                listObjects.path("errorCode").asInt(0),
                tupleKeys(listObjects.path("contextualTuples")),
                context(listObjects.path("context"))));
      }
      for (JsonNode listUsers : stage.path("listUsersAssertions")) {
        JsonNode request = listUsers.path("request");
        assertions.add(
            new Assertion(
                Kind.LIST_USERS,
                null,
                null,
                null,
                request.path("object").asText(),
                request.path("relation").asText(),
                request.path("filters").path(0).asText(),
                false,
                strings(listUsers.path("expectation")),
                listUsers.path("errorCode").asInt(0),
                tupleKeys(listUsers.path("contextualTuples")),
                context(listUsers.path("context"))));
      }
      stages.add(
          new Stage(stage.path("model").asText(), tupleKeys(stage.path("tuples")), assertions));
    }
    return new ConformanceCase(file, index, test.path("name").asText(), stages);
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    node.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static List<TupleKey> tupleKeys(JsonNode node) {
    List<TupleKey> keys = new ArrayList<>();
    node.forEach(tuple -> keys.add(tupleKey(tuple)));
    return keys;
  }

  private static TupleKey tupleKey(JsonNode tuple) {
    JsonNode condition = tuple.path("condition");
    TupleCondition tupleCondition =
        condition.isMissingNode() || condition.isNull()
            ? null
            : new TupleCondition(
                condition.path("name").asText(), context(condition.path("context")));
    return new TupleKey(
        tuple.path("object").asText(),
        tuple.path("relation").asText(),
        tuple.path("user").asText(),
        tupleCondition);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> context(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return Map.of();
    }
    return new LinkedHashMap<>(YamlCases.MAPPER.convertValue(node, Map.class));
  }
}
