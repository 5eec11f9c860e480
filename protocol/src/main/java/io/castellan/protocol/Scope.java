package io.castellan.protocol;

import java.util.Optional;

/**
 * What a credential may do in an organization: the scopes of API keys, and the permission every
 * endpoint requires. {@code read}: check, list, read, expand, read models and the organization;
 * {@code write}: write tuples; {@code admin}: everything, including models, keys and deleting the
 * organization; {@code watch} and {@code audit}: the history endpoints.
 */
public enum Scope {
  READ("read"),
  WRITE("write"),
  ADMIN("admin"),
  WATCH("watch"),
  AUDIT("audit");

  /** The scope as clients write it. */
  public final String label;

  Scope(String label) {
    this.label = label;
  }

  public static Optional<Scope> ofLabel(String label) {
    for (Scope scope : values()) {
      if (scope.label.equals(label)) {
        return Optional.of(scope);
      }
    }
    return Optional.empty();
  }
}
