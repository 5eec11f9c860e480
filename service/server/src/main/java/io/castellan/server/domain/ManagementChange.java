package io.castellan.server.domain;

import io.castellan.server.organization.Caller;
import io.castellan.server.organization.OrganizationState;
import io.castellan.server.organization.PlannedChange;
import java.util.List;

/**
 * The management endpoints' changes, each planned by the organization with its own state when it
 * applies it ({@link Planning}) and journaled as one event: the caller's rights are decided with
 * the organization's tuples, and what exists with the same state the change is applied to. Messages
 * between nodes: fields only ever added.
 */
public sealed interface ManagementChange extends PlannedChange {

  @Override
  default Plan plan(OrganizationState state, Caller caller, Rights rights) {
    return new Planning(state, caller, rights).plan(this);
  }

  /**
   * Checks what needs no state (ids, members, permissions, relations): the route refuses bad input
   * before sending the change, and the organization checks again before planning it.
   *
   * @throws io.castellan.server.service.ServiceException {@code validation_error}
   */
  void validate();

  /**
   * A new entity. {@code owner}: a project's ({@code user:<id>} or {@code organization}; null: the
   * caller); {@code permissions}: a role's; {@code project}: a document's (null: none); {@code
   * admin}: whether a new user administers the organization.
   */
  record Create(
      Kind kind,
      String id,
      String name,
      String owner,
      List<String> permissions,
      String project,
      boolean admin)
      implements ManagementChange {

    public Create {
      permissions = permissions == null ? List.of() : List.copyOf(permissions);
    }

    @Override
    public void validate() {
      kind.validId(id);
      permissions.forEach(Planning::validPermission);
      if (owner != null && !owner.equals("organization")) {
        Member member = Member.parse(owner, false);
        if (!member.type().equals("user")) {
          throw Kind.invalid("a project's owner is user:<id> or organization, not " + owner);
        }
      }
      if (project != null) {
        Kind.PROJECTS.validId(project);
      }
    }
  }

  /** Changes what is given (null: unchanged): the name, a project's owner, a role's permissions. */
  record Update(
      Kind kind, String id, String name, String owner, List<String> permissions, Boolean admin)
      implements ManagementChange {

    public Update {
      permissions = permissions == null ? null : List.copyOf(permissions);
    }

    @Override
    public void validate() {
      new Create(kind, id, name, owner, permissions, null, false).validate();
    }
  }

  /** Deletes the entity with every tuple that names it. */
  record Remove(Kind kind, String id) implements ManagementChange {
    @Override
    public void validate() {
      kind.validId(id);
    }
  }

  /** Adds {@code member} to the entity's {@code relation} ({@code member}, a document's lists). */
  record AddMember(Kind kind, String id, String member, String relation)
      implements ManagementChange {
    @Override
    public void validate() {
      Member.parseFor(kind, id, member, relation);
    }
  }

  record RemoveMember(Kind kind, String id, String member, String relation)
      implements ManagementChange {
    @Override
    public void validate() {
      Member.parseFor(kind, id, member, relation);
    }
  }

  /** Assigns a role organization-wide ({@code project} null) or within one project. */
  record Assign(String role, String assignee, String project) implements ManagementChange {
    @Override
    public void validate() {
      Member.parseAssignee(role, assignee, project);
    }
  }

  record Unassign(String role, String assignee, String project) implements ManagementChange {
    @Override
    public void validate() {
      Member.parseAssignee(role, assignee, project);
    }
  }
}
