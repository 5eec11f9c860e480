package io.castellan.server.http.request;

import java.util.List;
import java.util.Set;

/**
 * A user, team, project, group, role or document to create ({@code id} required) or change (the
 * fields given): its {@code name}; a project's {@code owner} ({@code user:<id>} or {@code
 * organization}); a role's {@code permissions}; a document's {@code project}; whether a user is an
 * {@code admin} of the organization.
 */
public record EntityBody(
    String id, String name, String owner, List<String> permissions, String project, Boolean admin) {

  public static final Set<String> FIELDS =
      Set.of("id", "name", "owner", "permissions", "project", "admin");

  /** The fields a change may give (the id is the path's). */
  public static final Set<String> CHANGEABLE = Set.of("name", "owner", "permissions", "admin");

  public static final int MAX_PERMISSIONS = 100;

  public EntityBody {
    if (permissions != null && permissions.size() > MAX_PERMISSIONS) {
      throw new BadRequest("a role has at most " + MAX_PERMISSIONS + " permissions");
    }
    name = name == null ? null : RequestLimits.bounded(name, 256, "name");
    owner = RequestLimits.optional(owner);
    project = RequestLimits.optional(project);
  }

  public String requiredId() {
    return RequestLimits.required(id, "id");
  }
}
