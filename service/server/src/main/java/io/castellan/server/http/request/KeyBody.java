package io.castellan.server.http.request;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.castellan.protocol.Scope;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A new API key: its {@code scopes}, an optional expiry and an optional name. */
public record KeyBody(
    List<String> scopes, @JsonProperty("expires_at") String expiresAt, String name) {

  static final int MAX_NAME_LENGTH = 100;

  /** The scopes, at least one, each one of {@link Scope}'s labels. */
  public Set<Scope> scopeSet() {
    if (scopes == null || scopes.isEmpty()) {
      throw new BadRequest("'scopes' must name at least one of read, write, admin, watch, audit");
    }
    Set<Scope> result = EnumSet.noneOf(Scope.class);
    for (String label : scopes) {
      result.add(
          Scope.ofLabel(label)
              .orElseThrow(
                  () ->
                      new BadRequest(
                          "unknown scope '"
                              + label
                              + "': use read, write, admin, watch or audit")));
    }
    return result;
  }

  /** The expiry, which must be in the future, or null for none. */
  public Instant expiry(Instant now) {
    String text = RequestLimits.optional(expiresAt);
    if (text == null) {
      return null;
    }
    Instant at;
    try {
      at = Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadRequest("'expires_at' must be an RFC 3339 time such as 2027-01-31T00:00:00Z");
    }
    if (!at.isAfter(now)) {
      throw new BadRequest("'expires_at' must be in the future");
    }
    return at;
  }

  public String nameOrEmpty() {
    String text = RequestLimits.optional(name);
    return text == null ? "" : RequestLimits.bounded(text, MAX_NAME_LENGTH, "name");
  }
}
