package io.castellan.server.http.request;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A question one organization asks another about the sets of it that its tuples name (sharing
 * across organizations): which of {@code users} belong to each of {@code sets} ({@code
 * team:eng#member}), or, with {@code filters} instead, who belongs to them. {@code chain}: the
 * organizations already asked on the way (a cycle ends there); {@code minRevision} and {@code
 * others}: how fresh this organization and those it asks in turn must be. Internal: forwarded
 * between nodes, never a route.
 */
public record MembershipQuery(
    List<String> sets,
    List<String> users,
    List<String> filters,
    List<String> chain,
    @JsonProperty("min_revision") long minRevision,
    Map<String, Long> others) {

  public MembershipQuery {
    sets = sets == null ? List.of() : List.copyOf(sets);
    users = users == null ? List.of() : List.copyOf(users);
    filters = filters == null ? List.of() : List.copyOf(filters);
    chain = chain == null ? List.of() : List.copyOf(chain);
    others = others == null ? Map.of() : Map.copyOf(others);
  }
}
