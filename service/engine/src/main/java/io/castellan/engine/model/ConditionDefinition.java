package io.castellan.engine.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A named CEL condition with typed parameters, as declared in the model. */
public record ConditionDefinition(
    String name, String expression, Map<String, ParameterType> parameters) {

  public ConditionDefinition {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }
}
