package io.castellan.server.organization;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Everything an organization's state holds, in a form that compares by value: two states with equal
 * views answer every read alike (compiled models and indexes are derived from these).
 */
record StateView(
    String id,
    OrganizationState.Status status,
    String name,
    Instant createdAt,
    long revision,
    List<List<Object>> models,
    List<JournaledTuple> tuples,
    List<IdempotencyKeys.Entry> idempotencyKeys,
    Map<String, String> names,
    Map<ForeignSet, Integer> foreignSets) {

  static StateView of(OrganizationState state) {
    List<List<Object>> models =
        state.models().stream()
            .map(model -> List.<Object>of(model.id(), model.json(), model.createdAt()))
            .toList();
    List<JournaledTuple> tuples = new ArrayList<>();
    state.tuples().visitAll(tuple -> tuples.add(JournaledTuple.of(tuple)));
    tuples.sort(
        Comparator.comparing(JournaledTuple::object)
            .thenComparing(JournaledTuple::relation)
            .thenComparing(JournaledTuple::user));
    return new StateView(
        state.id(),
        state.status(),
        state.name(),
        state.createdAt(),
        state.revision(),
        models,
        tuples,
        state.idempotencyKeys().entries(),
        state.names(),
        state.foreignSets());
  }
}
