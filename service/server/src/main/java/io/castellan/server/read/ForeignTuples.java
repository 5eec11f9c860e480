package io.castellan.server.read;

import io.castellan.engine.store.TupleStore;
import java.util.Map;

/**
 * What other organizations answered for one read: tuples that put the read's users in their sets
 * ({@code team:globex:eng#member@user:hank}), read alongside the organization's own, and the
 * revision of each organization asked.
 */
public record ForeignTuples(TupleStore tuples, Map<String, Long> revisions) {

  public static final ForeignTuples NONE = new ForeignTuples(TupleStore.EMPTY, Map.of());

  public ForeignTuples {
    revisions = Map.copyOf(revisions);
  }
}
