package io.castellan.server.http.request;

import static io.castellan.server.http.request.RequestLimits.bounded;
import static io.castellan.server.http.request.RequestLimits.optional;
import static io.castellan.server.http.request.RequestLimits.required;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.castellan.engine.query.TupleKey;
import io.castellan.engine.store.TupleCondition;
import io.castellan.protocol.Consistency;
import io.castellan.protocol.RevisionToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds request bodies to their records, strictly: a string field takes only a string, a number
 * field only an integer (or a string of one, as OpenFGA's gateway accepts), a boolean only a
 * boolean; unknown fields are ignored, as OpenFGA's gateway does. Every mistake is a {@link
 * BadRequest} naming the field. The records' own methods turn them into the engine's and the
 * entity's requests through the checks here, with the {@link RequestLimits}.
 */
public final class RequestBodies {

  private final ObjectMapper mapper;
  private final RequestLimits limits;

  public RequestBodies(ObjectMapper mapper, RequestLimits limits) {
    this.limits = limits;
    this.mapper =
        mapper
            .copy()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);
    for (CoercionInputShape shape :
        List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      this.mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    this.mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    this.mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
  }

  /** The body as a JSON object (an empty body is an empty object); UTF-8 bytes as they arrived. */
  public JsonNode parse(byte[] body) {
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

  /**
   * The body as the record {@code type}, read straight from its bytes (an empty body is an empty
   * object).
   */
  public <T> T bind(byte[] body, Class<T> type) {
    try {
      if (body == null || body.length == 0) {
        return mapper.treeToValue(mapper.createObjectNode(), type);
      }
      return mapper.readValue(body, type);
    } catch (IOException e) {
      throw refusal(e);
    }
  }

  /**
   * The body as the record {@code type}, refusing fields other than {@code known}: for requests
   * where a misspelt option (an undo's {@code dry_run}) must not be taken as its absence.
   */
  public <T> T bindStrictly(byte[] body, Class<T> type, Set<String> known) {
    JsonNode tree;
    try {
      tree = body == null || body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body);
    } catch (IOException e) {
      throw refusal(e);
    }
    if (!tree.isObject()) {
      throw new BadRequest("the body must be a JSON object");
    }
    tree.fieldNames()
        .forEachRemaining(
            name -> {
              if (!known.contains(name)) {
                throw new BadRequest("unknown field '" + name + "': use " + known);
              }
            });
    return bind(tree, type);
  }

  /** A body already parsed, as the record {@code type}. */
  public <T> T bind(JsonNode body, Class<T> type) {
    try {
      return mapper.treeToValue(body, type);
    } catch (IOException e) {
      throw refusal(e);
    }
  }

  /** What a client is told about a body that did not bind. */
  private static BadRequest refusal(IOException failure) {
    if (failure instanceof ValueInstantiationException e) {
      return e.getCause() instanceof BadRequest bad
          ? bad
          : new BadRequest("'" + field(e) + "' is not valid: " + e.getOriginalMessage());
    }
    if (failure instanceof MismatchedInputException e) {
      return new BadRequest("'" + field(e) + "' must be " + expected(e.getTargetType()));
    }
    if (failure instanceof JsonProcessingException e) {
      return new BadRequest("the request body is not valid JSON: " + e.getOriginalMessage());
    }
    return new BadRequest("the request body could not be read: " + failure.getMessage());
  }

  RequestLimits limits() {
    return limits;
  }

  /** A tuple key with all of object, relation and user, within their lengths. */
  TupleKey tupleKey(TupleKeyBody key, String where) {
    if (key == null) {
      throw new BadRequest("'" + where + "' must be an object with object, relation and user");
    }
    return new TupleKey(
        bounded(required(key.object(), "object"), RequestLimits.MAX_OBJECT_LENGTH, "object"),
        bounded(
            required(key.relation(), "relation"), RequestLimits.MAX_RELATION_LENGTH, "relation"),
        bounded(required(key.user(), "user"), RequestLimits.MAX_USER_LENGTH, "user"),
        condition(key.condition()));
  }

  List<TupleKey> tupleKeys(TupleKeysBody keys, String where) {
    if (keys == null) {
      return List.of();
    }
    List<TupleKey> result = new ArrayList<>(keys.tupleKeys().size());
    for (TupleKeyBody key : keys.tupleKeys()) {
      result.add(tupleKey(key, where));
    }
    return result;
  }

  private TupleCondition condition(ConditionBody condition) {
    if (condition == null) {
      return null;
    }
    JsonNode context = condition.context();
    if (context != null
        && context.toString().length() > RequestLimits.MAX_CONDITION_CONTEXT_BYTES) {
      throw new BadRequest(
          "a condition's context must be at most "
              + RequestLimits.MAX_CONDITION_CONTEXT_BYTES
              + " bytes of JSON");
    }
    return new TupleCondition(required(condition.name(), "name"), context(context));
  }

  /** A condition's or a check's context: a JSON object as plain Java values. */
  Map<String, Object> context(JsonNode context) {
    if (context == null || context.isNull()) {
      return Map.of();
    }
    if (!context.isObject()) {
      throw new BadRequest("'context' must be a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> values = mapper.convertValue(context, LinkedHashMap.class);
    return values;
  }

  /** The freshness asked for by OpenFGA's {@code consistency} and Castellan's {@code revision}. */
  static Freshness freshness(String mode, String token) {
    mode = optional(mode);
    token = optional(token);
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
    boolean any = consistency == Consistency.MINIMIZE_LATENCY;
    return new Freshness(
        consistency,
        any ? 0 : revision,
        any || token == null ? Map.of() : RevisionToken.others(token));
  }

  /** Where in the body the mistake is, as {@code checks[0].tuple_key.user}. */
  private static String field(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "the body" : path.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }
}
