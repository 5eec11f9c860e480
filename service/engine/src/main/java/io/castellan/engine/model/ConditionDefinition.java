package io.castellan.engine.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** A named CEL condition with typed parameters, as declared in the model. */
public record ConditionDefinition(
    String name, String expression, Map<String, ParameterType> parameters) {

  public ConditionDefinition {
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }
}
