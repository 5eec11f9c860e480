package io.castellan.server.organization;

import io.castellan.engine.model.CompiledModel;
import java.time.Instant;

/** One immutable version of an organization's model: its id, JSON text, and compiled form. */
public record ModelVersion(String id, String json, Instant createdAt, CompiledModel compiled) {}
