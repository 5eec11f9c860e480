package io.castellan.server.http.request;

import com.fasterxml.jackson.databind.JsonNode;

/** A tuple's condition: {@code {name, context?}}. */
public record ConditionBody(String name, JsonNode context) {}
