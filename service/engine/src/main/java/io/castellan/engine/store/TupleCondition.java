package io.castellan.engine.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The condition a tuple is written with, and the parameter values stored with it. */
public record TupleCondition(String name, Map<String, Object> context) {

  public TupleCondition {
    context =
        context == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(context));
  }
}
