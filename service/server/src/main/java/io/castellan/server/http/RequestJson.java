package io.castellan.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.engine.query.TupleKey;
import io.castellan.engine.store.TupleCondition;
import io.castellan.protocol.Consistency;
import io.castellan.protocol.RevisionToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads request bodies in OpenFGA's JSON shapes, strictly: a missing or mistyped field is a {@link
 * BadRequest}, never an exception deeper in. Limits on lengths follow OpenFGA's.
 */
final class RequestJson {

  static final int MAX_OBJECT_LENGTH = 256;
  static final int MAX_USER_LENGTH = 512;
  static final int MAX_RELATION_LENGTH = 50;

  /** A tuple's stored condition context, as JSON; also keeps snapshot records small. */
  static final int MAX_CONDITION_CONTEXT_BYTES = 16 * 1024;

  private final ObjectMapper mapper;

  RequestJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The body as a JSON object (an empty body is an empty object); UTF-8 bytes as they arrived. */
  JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      return mapper.createObjectNode();
    }
    try {
      JsonNode node = mapper.readTree(body);
      if (node == null || !node.isObject()) {
        throw new BadRequest("the request body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new BadRequest("the request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadRequest("the request body could not be read: " + e.getMessage());
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || !value.isTextual() || value.asText().isEmpty()) {
      throw new BadRequest("'" + field + "' is required and must be a non-empty string");
    }
    return value.asText();
  }

  static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new BadRequest("'" + field + "' must be a string");
    }
    return value.asText().isEmpty() ? null : value.asText();
  }

  static int optionalInt(JsonNode node, String field, int fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.canConvertToInt() || !(value.isIntegralNumber() || value.isTextual())) {
      throw new BadRequest("'" + field + "' must be an integer");
    }
    return value.isTextual() ? parseInt(value.asText(), field) : value.asInt();
  }

  private static int parseInt(String text, String field) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new BadRequest("'" + field + "' must be an integer");
    }
  }

  /**
   * A tuple key {@code {object, relation, user, condition?}}; {@code user} may be optional
   * (expand).
   */
  TupleKey tupleKey(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw new BadRequest("'" + where + "' must be an object with object, relation and user");
    }
    String object = bounded(text(node, "object"), MAX_OBJECT_LENGTH, "object");
    String relation = bounded(text(node, "relation"), MAX_RELATION_LENGTH, "relation");
    String user = bounded(text(node, "user"), MAX_USER_LENGTH, "user");
    return new TupleKey(object, relation, user, condition(node.get("condition")));
  }

  private TupleCondition condition(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new BadRequest("'condition' must be an object with a name and an optional context");
    }
    JsonNode context = node.get("context");
    if (context != null && context.toString().length() > MAX_CONDITION_CONTEXT_BYTES) {
      throw new BadRequest(
          "a condition's context must be at most "
              + MAX_CONDITION_CONTEXT_BYTES
              + " bytes of JSON");
    }
    return new TupleCondition(text(node, "name"), context(context));
  }

  Map<String, Object> context(JsonNode node) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new BadRequest("'context' must be a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> values = mapper.convertValue(node, LinkedHashMap.class);
    return values;
  }

  /** {@code {tuple_keys: [...]}} (OpenFGA's wrapper) or a bare array. */
  List<TupleKey> tupleKeys(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    JsonNode array = node.isObject() ? node.get("tuple_keys") : node;
    if (array == null || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw new BadRequest("'" + where + "' must hold an array of tuple keys");
    }
    List<TupleKey> keys = new ArrayList<>(array.size());
    for (JsonNode key : array) {
      keys.add(tupleKey(key, where));
    }
    return keys;
  }

  /** The requested freshness: OpenFGA's {@code consistency} plus Castellan's revision token. */
  static Freshness freshness(JsonNode body) {
    String mode = optionalText(body, "consistency");
    String token = optionalText(body, "revision");
    long revision = 0;
    if (token != null) {
      revision = RevisionToken.parse(token);
      if (revision < 0) {
        throw new BadRequest("'revision' must be a revision token as returned by a write");
      }
    }
    Consistency consistency;
    if (mode == null || mode.equals("UNSPECIFIED") || mode.equals("CONSISTENCY_UNSPECIFIED")) {
      consistency = token != null ? Consistency.AT_LEAST_AS_FRESH : Consistency.MINIMIZE_LATENCY;
    } else {
      consistency =
          switch (mode) {
            case "MINIMIZE_LATENCY" -> Consistency.MINIMIZE_LATENCY;
            case "AT_LEAST_AS_FRESH" -> Consistency.AT_LEAST_AS_FRESH;
            case "HIGHER_CONSISTENCY", "FULLY_CONSISTENT" -> Consistency.FULLY_CONSISTENT;
            default ->
                throw new BadRequest(
                    "'consistency' must be MINIMIZE_LATENCY, AT_LEAST_AS_FRESH,"
                        + " FULLY_CONSISTENT or HIGHER_CONSISTENCY");
          };
    }
    if (consistency == Consistency.AT_LEAST_AS_FRESH && token == null) {
      throw new BadRequest("AT_LEAST_AS_FRESH needs a 'revision' token");
    }
    return new Freshness(consistency, consistency == Consistency.MINIMIZE_LATENCY ? 0 : revision);
  }

  record Freshness(Consistency consistency, long minRevision) {}

  private static String bounded(String value, int max, String field) {
    if (value.length() > max) {
      throw new BadRequest("'" + field + "' must be at most " + max + " characters");
    }
    return value;
  }
}
