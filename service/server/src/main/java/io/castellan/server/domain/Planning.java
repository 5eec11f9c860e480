package io.castellan.server.domain;

import io.castellan.protocol.ErrorCode;
import io.castellan.server.domain.ManagementChange.AddMember;
import io.castellan.server.domain.ManagementChange.Assign;
import io.castellan.server.domain.ManagementChange.Create;
import io.castellan.server.domain.ManagementChange.Remove;
import io.castellan.server.domain.ManagementChange.RemoveMember;
import io.castellan.server.domain.ManagementChange.Unassign;
import io.castellan.server.domain.ManagementChange.Update;
import io.castellan.server.organization.Caller;
import io.castellan.server.organization.EntityName;
import io.castellan.server.organization.JournaledTuple;
import io.castellan.server.organization.OrganizationError;
import io.castellan.server.organization.OrganizationState;
import io.castellan.server.organization.PlannedChange;
import io.castellan.server.organization.PlannedChange.Plan;
import io.castellan.server.organization.PlannedChange.Rights;
import io.castellan.server.service.ServiceException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans one management change with the organization's state: who may make it (the rules of the
 * built-in model, decided with the organization's own tuples), what must exist, and the tuples it
 * writes and deletes.
 *
 * <ul>
 *   <li>users, teams: the organization's admins add them; a team's members are changed by its
 *       admins (the organization's);
 *   <li>projects, groups, documents: any member of the organization creates them; a project's
 *       members are changed by its admins, a document's lists by its admins;
 *   <li>a group's members are added by those with {@code add_member} on it who also administer the
 *       member added (the entitlements rule), removed by those with {@code remove_member};
 *   <li>roles: the organization's admins, or holders of {@code permission:create_role}, create and
 *       change them; they assign them organization-wide, a project's admins within the project.
 * </ul>
 */
final class Planning {

  /** Role permissions that are also the project's relations (granted per project, or on all). */
  static final Set<String> PROJECT_PERMISSIONS = Set.of("view", "edit", "admin");

  private final OrganizationState state;
  private final Caller caller;
  private final Rights rights;
  private final String organization;
  private final List<JournaledTuple> writes = new ArrayList<>();
  private final Set<JournaledTuple> deletes = new LinkedHashSet<>();
  private final List<EntityName> names = new ArrayList<>();

  Planning(OrganizationState state, Caller caller, Rights rights) {
    this.state = state;
    this.caller = caller;
    this.rights = rights;
    this.organization = "organization:" + state.id();
  }

  Plan plan(ManagementChange change) {
    try {
      change.validate();
      planned(change);
    } catch (ServiceException e) { // a refusal found on the way (a bad relation, say)
      throw new PlannedChange.Refused(e.error());
    }
    return new Plan(writes, List.copyOf(deletes), names);
  }

  private void planned(ManagementChange change) {
    if (change instanceof Create create) {
      create(create);
    } else if (change instanceof Update update) {
      update(update);
    } else if (change instanceof Remove remove) {
      remove(remove.kind(), remove.id());
    } else if (change instanceof AddMember add) {
      addMember(add);
    } else if (change instanceof RemoveMember removed) {
      removeMember(removed);
    } else if (change instanceof Assign assign) {
      assign(assign.role(), assign.assignee(), assign.project(), true);
    } else if (change instanceof Unassign unassign) {
      assign(unassign.role(), unassign.assignee(), unassign.project(), false);
    }
  }

  private void create(Create create) {
    Kind kind = create.kind();
    String object = kind.object(create.id());
    if (Directory.exists(state, kind, create.id())) {
      throw refused(
          ErrorCode.RESOURCE_ALREADY_EXISTS, kind.type + " '" + create.id() + "' exists already");
    }
    if (!organizationAdmin() && Directory.named(state, kind, create.id())) {
      throw refused(
          ErrorCode.FORBIDDEN,
          "tuples already name "
              + object
              + ": only the organization's admins may register it (its creator would administer it)");
    }
    switch (kind) {
      case USERS, TEAMS ->
          require(organizationAdmin(), "only the organization's admins add " + kind.collection);
      case ROLES -> require(mayManageRoles(), "only the organization's admins create roles");
      default ->
          require(
              rights.holds(organization, "member"),
              "only members of the organization create " + kind.collection);
    }
    write(object, "organization", organization);
    switch (kind) {
      case USERS -> {
        write(organization, "member", object);
        if (create.admin()) {
          write(organization, "admin", object);
        }
      }
      case PROJECTS -> write(object, "owner", owner(create.owner()));
      case GROUPS -> creator(object);
      case ROLES -> grant(create.id(), new TreeSet<>(create.permissions()), Set.of());
      case DOCUMENTS -> {
        creator(object);
        if (create.project() != null) {
          requireExists(Kind.PROJECTS, create.project());
          require(
              rights.holds(Kind.PROJECTS.object(create.project()), "view"),
              "only those who see project '" + create.project() + "' add documents to it");
          write(object, "project", Kind.PROJECTS.object(create.project()));
        }
      }
      default -> {}
    }
    if (create.name() != null) {
      names.add(new EntityName(object, create.name()));
    }
  }

  private void update(Update update) {
    Kind kind = update.kind();
    String object = kind.object(update.id());
    requireExists(kind, update.id());
    requireAdministers(kind, update.id());
    if (update.name() != null) {
      names.add(new EntityName(object, update.name()));
    }
    if (update.owner() != null && kind == Kind.PROJECTS) {
      relation(object, "owner").forEach(deletes::add);
      write(object, "owner", owner(update.owner()));
    }
    if (update.permissions() != null && kind == Kind.ROLES) {
      Set<String> now = Directory.permissions(state, update.id());
      Set<String> wanted = new TreeSet<>(update.permissions());
      Set<String> added = new TreeSet<>(wanted);
      added.removeAll(now);
      Set<String> removed = new TreeSet<>(now);
      removed.removeAll(wanted);
      grant(update.id(), added, removed);
    }
    if (update.admin() != null && kind == Kind.USERS) {
      require(organizationAdmin(), "only the organization's admins make admins");
      JournaledTuple admin = tuple(organization, "admin", object);
      if (update.admin()) {
        writes.add(admin);
      } else {
        deletes.add(admin);
      }
    }
  }

  /** The entity and every tuple naming it; a project's or a role's bindings with it. */
  private void remove(Kind kind, String id) {
    requireExists(kind, id);
    if (kind == Kind.USERS) { // removes their admin tuple too: no manager may do that
      require(organizationAdmin(), "only the organization's admins remove users");
    }
    requireAdministers(kind, id);
    String object = kind.object(id);
    naming(kind.type, id);
    if (kind == Kind.PROJECTS || kind == Kind.ROLES) {
      state
          .tuples()
          .visitBySubject(
              kind.type,
              id,
              tuple -> {
                if (tuple.objectType().equals("role_binding")) {
                  naming(tuple.objectType(), tuple.objectId());
                }
                return true;
              });
    }
    if (state.nameOf(object) != null) {
      names.add(new EntityName(object, null));
    }
  }

  private void addMember(AddMember add) {
    Kind kind = add.kind();
    Member member = member(kind, add.id(), add.member(), add.relation());
    String relation = kind.memberRelation(add.relation());
    requireExists(kind, add.id());
    if (member.mustExist() != null) {
      requireExists(member.mustExist(), member.id());
    }
    String object = kind.object(add.id());
    if (relation.equals(Member.SHARED_WITH)) {
      require(organizationAdmin(), "only the organization's admins share its " + kind.collection);
    }
    if (member.isForeign()) {
      require(
          organizationAdmin(),
          "only the organization's admins give another organization's "
              + member.type()
              + "s access");
    }
    if (kind == Kind.GROUPS && !relation.equals("member") && !relation.equals(Member.SHARED_WITH)) {
      // a per-verb list (view, edit, add_member, remove_member, admin): the group's admins
      require(rights.holds(object, "admin"), "only the admins of " + object + " change its lists");
    } else if (kind == Kind.GROUPS && !member.isForeign() && !relation.equals(Member.SHARED_WITH)) {
      require(rights.holds(object, "add_member"), "the caller may not add members to " + object);
      require(
          isCaller(member) || rights.holds(member.object(), "admin"),
          "adding " + member + " to a group needs admin on " + member);
    } else {
      requireAdministers(kind, add.id());
    }
    write(object, relation, member.subject());
  }

  private void removeMember(RemoveMember removed) {
    Kind kind = removed.kind();
    Member member = member(kind, removed.id(), removed.member(), removed.relation());
    String relation = kind.memberRelation(removed.relation());
    requireExists(kind, removed.id());
    String object = kind.object(removed.id());
    if (relation.equals(Member.SHARED_WITH)) {
      require(
          organizationAdmin(),
          "only the organization's admins stop sharing its " + kind.collection);
    } else if (kind == Kind.GROUPS && relation.equals("member")) {
      require(
          rights.holds(object, "remove_member"),
          "the caller may not remove members from " + object);
    } else if (kind == Kind.GROUPS) {
      require(rights.holds(object, "admin"), "only the admins of " + object + " change its lists");
    } else {
      requireAdministers(kind, removed.id());
    }
    deletes.add(tuple(object, relation, member.subject()));
  }

  /**
   * An assignment organization-wide ({@code role:<r>#assignee}), or within a project: the binding
   * {@code role_binding:<project>.<role>}, through which the role's project permissions hold on
   * that project only.
   */
  private void assign(String role, String assignee, String project, boolean assigned) {
    Member member = Member.parse(assignee, false);
    requireExists(Kind.ROLES, role);
    if (member.isForeign()) {
      require(
          organizationAdmin(),
          "only the organization's admins give another organization's "
              + member.type()
              + "s roles");
    }
    if (member.mustExist() != null) {
      requireExists(member.mustExist(), member.id());
    }
    if (project == null) {
      require(mayManageRoles(), "only the organization's admins assign roles");
      JournaledTuple tuple = tuple(Kind.ROLES.object(role), "assignee", member.subject());
      if (assigned) {
        writes.add(tuple);
      } else {
        deletes.add(tuple);
      }
      return;
    }
    requireExists(Kind.PROJECTS, project);
    String projectObject = Kind.PROJECTS.object(project);
    require(
        rights.holds(projectObject, "admin"),
        "only the admins of project '" + project + "' assign roles in it");
    String binding = binding(project, role);
    JournaledTuple tuple = tuple(binding, "assignee", member.subject());
    if (!assigned) {
      deletes.add(tuple);
      return;
    }
    writes.add(tuple);
    write(binding, "project", projectObject);
    write(binding, "role", Kind.ROLES.object(role));
    for (String permission : Directory.permissions(state, role)) {
      if (PROJECT_PERMISSIONS.contains(permission)) {
        write(projectObject, permission, binding + "#assignee");
      }
    }
  }

  /**
   * A role's permissions granted ({@code added}) and withdrawn ({@code removed}): organization-wide
   * through {@code permission:<p>} (and the organization's {@code project_<p>} for project
   * permissions), and on each project where the role is bound.
   */
  private void grant(String role, Set<String> added, Set<String> removed) {
    String holders = Kind.ROLES.object(role) + "#assignee";
    List<Directory.Binding> bindings = Directory.bindings(state, role);
    for (String permission : added) {
      validPermission(permission);
      write("permission:" + permission, "granted", holders);
      if (PROJECT_PERMISSIONS.contains(permission)) {
        write(organization, "project_" + permission, holders);
        for (Directory.Binding binding : bindings) {
          write(binding.project(), permission, binding.object() + "#assignee");
        }
      }
    }
    for (String permission : removed) {
      deletes.add(tuple("permission:" + permission, "granted", holders));
      if (PROJECT_PERMISSIONS.contains(permission)) {
        deletes.add(tuple(organization, "project_" + permission, holders));
        for (Directory.Binding binding : bindings) {
          deletes.add(tuple(binding.project(), permission, binding.object() + "#assignee"));
        }
      }
    }
  }

  static String binding(String project, String role) {
    return "role_binding:" + project + "." + role;
  }

  static void validPermission(String permission) {
    if (permission == null || !permission.matches("[A-Za-z0-9_-]{1,64}")) {
      throw Kind.invalid("a permission is 1-64 letters, digits, '-' or '_': " + permission);
    }
  }

  private static Member member(Kind kind, String id, String text, String relation) {
    return Member.parseFor(kind, id, text, relation);
  }

  /** A project's owner: the caller (a user), a user, or the organization. */
  private String owner(String owner) {
    if (owner == null) {
      return caller.kind() == Caller.Kind.USER ? "user:" + caller.id() : organization;
    }
    if (owner.equals("organization") || owner.equals(organization)) {
      return organization;
    }
    Member member = Member.parse(owner, false);
    if (!member.type().equals("user")) {
      throw Kind.invalid("a project's owner is user:<id> or organization, not " + owner);
    }
    boolean self = caller.kind() == Caller.Kind.USER && caller.id().equals(member.id());
    require(
        self || rights.holds(member.object(), "admin"),
        "only those who administer " + member + " make them a project's owner");
    return member.object();
  }

  private boolean isCaller(Member member) {
    return caller.kind() == Caller.Kind.USER
        && member.type().equals("user")
        && member.id().equals(caller.id());
  }

  private void creator(String object) {
    if (caller.kind() == Caller.Kind.USER) {
      write(object, "creator", "user:" + caller.id());
    }
  }

  /** The rule for changing, deleting and changing the members of an entity. */
  private void requireAdministers(Kind kind, String id) {
    switch (kind) {
      case ROLES -> require(mayManageRoles(), "only the organization's admins change roles");
      case USERS ->
          require(
              rights.holds(kind.object(id), "admin"), "the caller does not administer user:" + id);
      default ->
          require(
              rights.holds(kind.object(id), "admin"),
              "the caller does not administer " + kind.object(id));
    }
  }

  private boolean organizationAdmin() {
    return rights.holds(organization, "admin");
  }

  private boolean mayManageRoles() {
    return organizationAdmin() || rights.holds("permission:create_role", "granted");
  }

  private void requireExists(Kind kind, String id) {
    if (!Directory.exists(state, kind, id)) {
      throw refused(ErrorCode.RESOURCE_NOT_FOUND, kind.type + " '" + id + "' not found");
    }
  }

  private static void require(boolean allowed, String why) {
    if (!allowed) {
      throw refused(ErrorCode.FORBIDDEN, why);
    }
  }

  private static PlannedChange.Refused refused(ErrorCode code, String message) {
    return new PlannedChange.Refused(new OrganizationError(code, message));
  }

  /** Every tuple on {@code type:id} (by each relation any model version has) or naming it. */
  private void naming(String type, String id) {
    for (String relation : Directory.relations(state, type)) {
      relation(type + ":" + id, relation).forEach(deletes::add);
    }
    state
        .tuples()
        .visitBySubject(
            type,
            id,
            tuple -> {
              deletes.add(JournaledTuple.of(tuple));
              return true;
            });
  }

  /** The tuples on {@code object#relation}, as stored. */
  private List<JournaledTuple> relation(String object, String relation) {
    int colon = object.indexOf(':');
    List<JournaledTuple> tuples = new ArrayList<>();
    var stored =
        state.tuples().tuplesOf(object.substring(0, colon), object.substring(colon + 1), relation);
    stored.visitDirect(tuple -> tuples.add(JournaledTuple.of(tuple)));
    stored.visitUsersets(tuple -> tuples.add(JournaledTuple.of(tuple)));
    return tuples;
  }

  private void write(String object, String relation, String subject) {
    writes.add(tuple(object, relation, subject));
  }

  private static JournaledTuple tuple(String object, String relation, String subject) {
    return new JournaledTuple(object, relation, subject, null, null);
  }
}
