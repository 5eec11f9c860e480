package io.castellan.server.organization;

import java.util.List;

/**
 * Told of every change an organization journals, right after the journal confirmed it and in
 * journal order: how watch streams hear of changes without polling Cassandra. Called on the
 * entity's thread, so it must only hand the events on.
 */
@FunctionalInterface
public interface ChangeListener {

  ChangeListener NONE = (organizationId, events) -> {};

  void journaled(String organizationId, List<OrganizationEvent> events);

  /** Tells {@code first}, then {@code second}. */
  static ChangeListener both(ChangeListener first, ChangeListener second) {
    return (organizationId, events) -> {
      first.journaled(organizationId, events);
      second.journaled(organizationId, events);
    };
  }
}
