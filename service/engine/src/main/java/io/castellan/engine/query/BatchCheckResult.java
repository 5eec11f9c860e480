package io.castellan.engine.query;

import io.castellan.engine.EngineException;

/** One answer of a batch: {@code allowed}, or the error that check met. */
public record BatchCheckResult(String correlationId, boolean allowed, EngineException error) {}
