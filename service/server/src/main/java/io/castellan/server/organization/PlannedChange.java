package io.castellan.server.organization;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.castellan.protocol.CborSerializable;
import java.util.List;

/**
 * A change the organization plans from its own state at the moment it applies it, so that the
 * caller's rights and what exists are decided with the same state the change is journaled on (the
 * management endpoints: create a team, add a member, delete a project with every tuple naming it).
 * Sent between nodes: each kind is a record, named in the message by its class.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
public interface PlannedChange extends CborSerializable {

  /**
   * The tuples and names to change, for {@code caller} on {@code state}.
   *
   * @param rights what the caller holds in the organization ({@link AccessPolicy#holds})
   * @throws Refused when the caller may not, or the change does not apply
   */
  Plan plan(OrganizationState state, Caller caller, Rights rights);

  /** What the caller holds in the organization: {@code object#relation} for the caller. */
  @FunctionalInterface
  interface Rights {
    boolean holds(String object, String relation);
  }

  /** One atomic change: deletes first, then writes; and names set or removed. */
  record Plan(List<JournaledTuple> writes, List<JournaledTuple> deletes, List<EntityName> names) {

    public Plan {
      writes = List.copyOf(writes);
      deletes = List.copyOf(deletes);
      names = List.copyOf(names);
    }

    public boolean isEmpty() {
      return writes.isEmpty() && deletes.isEmpty() && names.isEmpty();
    }
  }

  /** Why a planned change does not apply: nothing is changed. */
  final class Refused extends RuntimeException {
    private final OrganizationError error;

    public Refused(OrganizationError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }

    public OrganizationError error() {
      return error;
    }
  }
}
