package io.castellan.server.domain;

/**
 * A member as the management endpoints write it ({@code user:alice}, {@code machine:ci}, {@code
 * team:eng}, {@code group:premium}, {@code user:*}) and the subject its tuples name: a team or a
 * group stands for its members ({@code team:eng#member}). A team or group of another organization
 * is written with that organization's id ({@code team:globex:eng}): sharing across organizations.
 */
record Member(String type, String organization, String id) {

  private static final java.util.regex.Pattern ORGANIZATION =
      java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

  Member(String type, String id) {
    this(type, null, id);
  }

  /** A member given as {@code type:id}, or a bare id for a user ({@code alice}). */
  static Member parse(String text, boolean wildcardAllowed) {
    if (text == null || text.isEmpty()) {
      throw Kind.invalid("a member is written user:<id>, machine:<id>, team:<id> or group:<id>");
    }
    int colon = text.indexOf(':');
    String type = colon < 0 ? "user" : text.substring(0, colon);
    String id = colon < 0 ? text : text.substring(colon + 1);
    switch (type) {
      case "user" -> {
        if (id.equals("*")) {
          if (!wildcardAllowed) {
            throw Kind.invalid("user:* (everyone) can only be a document's viewer");
          }
          return new Member(type, id);
        }
        Kind.USERS.validId(id);
      }
      case "machine" -> Kind.USERS.validId(id);
      case "team", "group" -> {
        int separator = id.indexOf(':');
        if (separator >= 0) {
          String organization = id.substring(0, separator);
          if (!ORGANIZATION.matcher(organization).matches()) {
            throw Kind.invalid("not an organization id: " + organization);
          }
          String local = id.substring(separator + 1);
          (type.equals("team") ? Kind.TEAMS : Kind.GROUPS).validId(local);
          return new Member(type, organization, local);
        }
        (type.equals("team") ? Kind.TEAMS : Kind.GROUPS).validId(id);
      }
      default ->
          throw Kind.invalid(
              "a member is written user:<id>, machine:<id>, team:<id> or group:<id>, not " + text);
    }
    return new Member(type, id);
  }

  /** A member of {@code kind:id} in {@code relation} (null: the kind's default), checked. */
  static Member parseFor(Kind kind, String id, String text, String relation) {
    kind.validId(id);
    if (!kind.hasMembers()) {
      throw Kind.invalid(kind.collection + " have no members");
    }
    String to = kind.memberRelation(relation);
    if (to.equals(SHARED_WITH)) { // consent: the organizations that may name this set
      String organization = text == null ? "" : text.substring(text.indexOf(':') + 1);
      if (text == null
          || !text.startsWith("organization:")
          || !ORGANIZATION.matcher(organization).matches()) {
        throw Kind.invalid("a " + kind.type + " is shared with organization:<id>, not " + text);
      }
      return new Member("organization", organization);
    }
    return parse(text, kind == Kind.DOCUMENTS && to.equals("viewer"));
  }

  static final String SHARED_WITH = "shared_with";

  /** The assignee of role {@code role} (within {@code project}, if not null), checked. */
  static Member parseAssignee(String role, String text, String project) {
    Kind.ROLES.validId(role);
    if (project != null) {
      Kind.PROJECTS.validId(project);
    }
    return parse(text, false);
  }

  /** The member from a tuple's subject ({@code team:eng#member} is {@code team:eng}). */
  static String render(String subject) {
    int hash = subject.indexOf('#');
    return hash < 0 ? subject : subject.substring(0, hash);
  }

  /** The tuple subject: a team or group stands for its members. */
  String subject() {
    return type.equals("team") || type.equals("group") ? object() + "#member" : object();
  }

  String object() {
    return organization == null ? type + ":" + id : type + ":" + organization + ":" + id;
  }

  /** Whether this is a set of another organization. */
  boolean isForeign() {
    return organization != null;
  }

  /**
   * The kind of entity that must exist here for this member, or null (users may be outsiders; a set
   * of another organization is that organization's).
   */
  Kind mustExist() {
    if (isForeign()) {
      return null;
    }
    return switch (type) {
      case "team" -> Kind.TEAMS;
      case "group" -> Kind.GROUPS;
      default -> null;
    };
  }

  @Override
  public String toString() {
    return object();
  }
}
