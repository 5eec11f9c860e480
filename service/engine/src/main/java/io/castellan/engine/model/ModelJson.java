package io.castellan.engine.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.engine.EngineException;
import io.castellan.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the OpenFGA JSON form of a model ({@code schema_version}, {@code
 * type_definitions}, ...).
 */
public final class ModelJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ModelJson() {}

  public static AuthorizationModel parse(String json) {
    try {
      return fromTree(MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw invalid("model is not valid JSON: " + e.getOriginalMessage());
    }
  }

  public static AuthorizationModel fromTree(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw invalid("model must be a JSON object");
    }
    String schemaVersion = root.path("schema_version").asText("");
    Map<String, TypeDefinition> types = new LinkedHashMap<>();
    for (JsonNode typeNode : root.path("type_definitions")) {
      String type = text(typeNode, "type", "type definition");
      JsonNode metadata = typeNode.path("metadata").path("relations");
      Map<String, RelationDefinition> relations = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = typeNode.path("relations").fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String name = field.getKey().intern();
        Userset rewrite = userset(field.getValue(), type + "#" + name);
        List<RelationReference> references = new ArrayList<>();
        for (JsonNode reference : metadata.path(name).path("directly_related_user_types")) {
          references.add(
              new RelationReference(
                  text(reference, "type", type + "#" + name + " type restriction"),
                  optionalText(reference, "relation"),
                  reference.has("wildcard") && !reference.get("wildcard").isNull(),
                  optionalText(reference, "condition")));
        }
        relations.put(name, new RelationDefinition(type.intern(), name, rewrite, references));
      }
      if (types.put(type.intern(), new TypeDefinition(type.intern(), relations)) != null) {
        throw invalid("type '" + type + "' is defined more than once");
      }
    }
    Map<String, ConditionDefinition> conditions = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> conditionFields = root.path("conditions").fields();
    while (conditionFields.hasNext()) {
      Map.Entry<String, JsonNode> field = conditionFields.next();
      JsonNode node = field.getValue();
      Map<String, ParameterType> parameters = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> params = node.path("parameters").fields();
      while (params.hasNext()) {
        Map.Entry<String, JsonNode> param = params.next();
        parameters.put(param.getKey(), parameterType(param.getValue(), field.getKey()));
      }
      conditions.put(
          field.getKey(),
          new ConditionDefinition(field.getKey(), node.path("expression").asText(""), parameters));
    }
    return new AuthorizationModel(optionalText(root, "id"), schemaVersion, types, conditions);
  }

  private static ParameterType parameterType(JsonNode node, String condition) {
    try {
      List<ParameterType> generics = new ArrayList<>();
      for (JsonNode generic : node.path("generic_types")) {
        generics.add(parameterType(generic, condition));
      }
      return new ParameterType(
          ParameterType.TypeName.fromJson(node.path("type_name").asText()), generics);
    } catch (IllegalArgumentException e) {
      throw invalid("condition '" + condition + "': " + e.getMessage());
    }
  }

  private static Userset userset(JsonNode node, String where) {
    if (present(node, "this")) {
      return new Userset.This();
    }
    if (present(node, "computedUserset")) {
      return new Userset.ComputedUserset(
          text(node.get("computedUserset"), "relation", where).intern());
    }
    if (present(node, "tupleToUserset")) {
      JsonNode ttu = node.get("tupleToUserset");
      return new Userset.TupleToUserset(
          text(ttu.path("tupleset"), "relation", where).intern(),
          text(ttu.path("computedUserset"), "relation", where).intern());
    }
    if (present(node, "union")) {
      return new Userset.Union(children(node.get("union"), where));
    }
    if (present(node, "intersection")) {
      return new Userset.Intersection(children(node.get("intersection"), where));
    }
    if (present(node, "difference")) {
      JsonNode difference = node.get("difference");
      return new Userset.Difference(
          userset(difference.path("base"), where), userset(difference.path("subtract"), where));
    }
    throw invalid("relation " + where + " has no recognised rewrite");
  }

  /** The language library writes absent rewrite kinds as explicit nulls. */
  private static boolean present(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  private static List<Userset> children(JsonNode node, String where) {
    List<Userset> children = new ArrayList<>();
    for (JsonNode child : node.path("child")) {
      children.add(userset(child, where));
    }
    if (children.isEmpty()) {
      throw invalid("relation " + where + " has an empty union or intersection");
    }
    return children;
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw invalid(where + ": missing '" + field + "'");
    }
    return value.asText();
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
  }

  private static EngineException invalid(String message) {
    return new EngineException(ErrorCode.INVALID_AUTHORIZATION_MODEL, message);
  }

  /** The model in OpenFGA's JSON form. */
  public static ObjectNode toTree(AuthorizationModel model) {
    ObjectNode root = MAPPER.createObjectNode();
    if (model.id() != null) {
      root.put("id", model.id());
    }
    root.put("schema_version", model.schemaVersion());
    ArrayNode typeDefinitions = root.putArray("type_definitions");
    for (TypeDefinition type : model.types().values()) {
      ObjectNode typeNode = typeDefinitions.addObject();
      typeNode.put("type", type.name());
      ObjectNode relations = typeNode.putObject("relations");
      ObjectNode metadata = MAPPER.createObjectNode();
      for (RelationDefinition relation : type.relations().values()) {
        relations.set(relation.name(), toTree(relation.rewrite()));
        ArrayNode references =
            metadata.putObject(relation.name()).putArray("directly_related_user_types");
        for (RelationReference reference : relation.directlyRelated()) {
          ObjectNode referenceNode = references.addObject();
          referenceNode.put("type", reference.type());
          if (reference.relation() != null) {
            referenceNode.put("relation", reference.relation());
          }
          if (reference.wildcard()) {
            referenceNode.putObject("wildcard");
          }
          if (reference.condition() != null) {
            referenceNode.put("condition", reference.condition());
          }
        }
      }
      typeNode.putObject("metadata").set("relations", metadata);
    }
    if (!model.conditions().isEmpty()) {
      ObjectNode conditions = root.putObject("conditions");
      for (ConditionDefinition condition : model.conditions().values()) {
        ObjectNode node = conditions.putObject(condition.name());
        node.put("name", condition.name());
        node.put("expression", condition.expression());
        ObjectNode parameters = node.putObject("parameters");
        condition.parameters().forEach((name, type) -> parameters.set(name, toTree(type)));
      }
    }
    return root;
  }

  private static ObjectNode toTree(ParameterType type) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("type_name", type.name().jsonName);
    if (!type.genericTypes().isEmpty()) {
      ArrayNode generics = node.putArray("generic_types");
      type.genericTypes().forEach(generic -> generics.add(toTree(generic)));
    }
    return node;
  }

  private static ObjectNode toTree(Userset userset) {
    ObjectNode node = MAPPER.createObjectNode();
    userset.accept(
        new Userset.Visitor<Void>() {
          @Override
          public Void direct(Userset.This direct) {
            node.putObject("this");
            return null;
          }

          @Override
          public Void computed(Userset.ComputedUserset computed) {
            node.putObject("computedUserset").put("relation", computed.relation());
            return null;
          }

          @Override
          public Void tupleToUserset(Userset.TupleToUserset ttu) {
            ObjectNode ttuNode = node.putObject("tupleToUserset");
            ttuNode.putObject("tupleset").put("relation", ttu.tuplesetRelation());
            ttuNode.putObject("computedUserset").put("relation", ttu.computedRelation());
            return null;
          }

          @Override
          public Void union(Userset.Union union) {
            ArrayNode children = node.putObject("union").putArray("child");
            union.children().forEach(child -> children.add(toTree(child)));
            return null;
          }

          @Override
          public Void intersection(Userset.Intersection intersection) {
            ArrayNode children = node.putObject("intersection").putArray("child");
            intersection.children().forEach(child -> children.add(toTree(child)));
            return null;
          }

          @Override
          public Void difference(Userset.Difference difference) {
            ObjectNode differenceNode = node.putObject("difference");
            differenceNode.set("base", toTree(difference.base()));
            differenceNode.set("subtract", toTree(difference.subtract()));
            return null;
          }
        });
    return node;
  }
}
