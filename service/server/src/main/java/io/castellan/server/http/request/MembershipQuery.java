package io.castellan.server.http.request;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A question one organization asks another about the sets of it that its tuples name (sharing
 * across organizations): which of {@code users} belong to each of {@code sets} ({@code
 * team:eng#member}), or, with {@code filters} instead, who belongs to them. {@code asker}: the
 * organization asking (a set answers only if shared with it); {@code chain}: the sets already being
 * answered on the way ({@code <org>|<set>}: a cycle ends there); {@code hops}: the organizations
 * crossed so far; {@code minRevision} and {@code others}: how fresh this organization and those it
 * asks in turn must be. Internal: forwarded between nodes, never a route.
 */
public record MembershipQuery(
    List<String> sets,
    List<String> users,
    List<String> filters,
    String asker,
    List<String> chain,
    int hops,
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
