package io.castellan.server.http.request;

import io.castellan.protocol.Consistency;
import java.util.Map;

/**
 * The freshness a read asks for: OpenFGA's {@code consistency} plus Castellan's {@code revision}
 * token; {@code minRevision} 0 means any; {@code others}: the revisions the token names for other
 * organizations whose sets the read follows.
 */
public record Freshness(Consistency consistency, long minRevision, Map<String, Long> others) {

  public Freshness {
    others = Map.copyOf(others);
  }

  public Freshness(Consistency consistency, long minRevision) {
    this(consistency, minRevision, Map.of());
  }
}
