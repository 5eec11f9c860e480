package io.castellan.engine.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable authorization model (OpenFGA schema 1.1): type definitions and the conditions their
 * tuples may carry.
 */
public record AuthorizationModel(
    String id,
    String schemaVersion,
    Map<String, TypeDefinition> types,
    Map<String, ConditionDefinition> conditions) {

  public AuthorizationModel {
    // declaration order is kept: it is the order of the model's JSON and DSL forms
    types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
    conditions = Collections.unmodifiableMap(new LinkedHashMap<>(conditions));
  }

  public AuthorizationModel withId(String newId) {
    return new AuthorizationModel(newId, schemaVersion, types, conditions);
  }

  public TypeDefinition type(String name) {
    return types.get(name);
  }

  /** The relation {@code type#relation}, or null when either is not defined. */
  public RelationDefinition relation(String type, String relation) {
    TypeDefinition definition = types.get(type);
    return definition == null ? null : definition.relations().get(relation);
  }
}
