package io.castellan.server.domain;

import io.castellan.protocol.ErrorCode;
import io.castellan.server.service.ServiceException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The kinds of entity the management endpoints manage: the collection in the path ({@code teams}),
 * the model's type ({@code team}), and the relations members are added to (a user's "members" are
 * its managers, who administer it; a group's per-verb lists, {@code view} to {@code admin}, are
 * relations too; a team's or group's {@code shared_with} "members" are the other organizations it
 * is shared with).
 */
public enum Kind {
  USERS("users", "user", Set.of("manager")),
  TEAMS("teams", "team", Set.of("member", "shared_with")),
  PROJECTS("projects", "project", Set.of("member")),
  GROUPS(
      "groups",
      "group",
      Set.of("member", "view", "edit", "add_member", "remove_member", "admin", "shared_with")),
  ROLES("roles", "role", Set.of()),
  DOCUMENTS("documents", "document", Set.of("viewer", "editor", "hidden_from"));

  /** Ids of users as identity providers name them: e-mail addresses, {@code auth0|123}, UUIDs. */
  private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@|+=~-]{1,128}");

  /**
   * Ids of everything else: no '.', which joins a project's and a role's id in a role binding's id.
   */
  private static final Pattern ENTITY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public final String collection;
  public final String type;
  private final Set<String> memberRelations;

  Kind(String collection, String type, Set<String> memberRelations) {
    this.collection = collection;
    this.type = type;
    this.memberRelations = memberRelations;
  }

  public static Optional<Kind> ofCollection(String collection) {
    for (Kind kind : values()) {
      if (kind.collection.equals(collection)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /** The entity's object: {@code team:eng}. */
  public String object(String id) {
    return type + ":" + id;
  }

  public boolean hasMembers() {
    return !memberRelations.isEmpty();
  }

  /** The relation members are added to: {@code requested}, or {@code member}/{@code viewer}. */
  public String memberRelation(String requested) {
    if (requested == null) {
      return this == DOCUMENTS ? "viewer" : this == USERS ? "manager" : "member";
    }
    if (!memberRelations.contains(requested)) {
      throw invalid(
          "a member of a "
              + type
              + " is added to one of "
              + memberRelations
              + ", not "
              + requested);
    }
    return requested;
  }

  static ServiceException invalid(String message) {
    return new ServiceException(ErrorCode.VALIDATION_ERROR, message);
  }

  /** The id, if it is one this kind accepts. */
  public String validId(String id) {
    Pattern pattern = this == USERS ? USER_ID : ENTITY_ID;
    if (id == null || !pattern.matcher(id).matches()) {
      throw invalid(
          this == USERS
              ? "a user id is 1-128 letters, digits or any of . _ @ | + = ~ -"
              : "a " + type + " id is 1-64 letters, digits, '-' or '_'");
    }
    return id;
  }
}
