package io.castellan.engine.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A type and its relations (in the order the model's JSON lists them). */
public record TypeDefinition(String name, Map<String, RelationDefinition> relations) {

  public TypeDefinition {
    relations = Collections.unmodifiableMap(new LinkedHashMap<>(relations));
  }
}
