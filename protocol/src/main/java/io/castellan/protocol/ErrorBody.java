package io.castellan.protocol;

/**
 * The one error body every endpoint returns: a stable machine-readable {@code code} (OpenFGA's
 * names where OpenFGA has one) and a human-readable {@code message}.
 */
public record ErrorBody(String code, String message) {}
