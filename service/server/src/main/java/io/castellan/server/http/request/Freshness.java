package io.castellan.server.http.request;

import io.castellan.protocol.Consistency;

/**
 * The freshness a read asks for: OpenFGA's {@code consistency} plus Castellan's {@code revision}
 * token; {@code minRevision} 0 means any.
 */
public record Freshness(Consistency consistency, long minRevision) {}
