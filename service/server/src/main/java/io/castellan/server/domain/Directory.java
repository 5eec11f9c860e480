package io.castellan.server.domain;

import io.castellan.engine.model.TypeDefinition;
import io.castellan.engine.store.RelationTuples;
import io.castellan.protocol.ContinuationToken;
import io.castellan.protocol.ErrorCode;
import io.castellan.server.organization.ModelVersion;
import io.castellan.server.organization.OrganizationState;
import io.castellan.server.service.ServiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The managed entities as an organization's state has them: an entity exists while its tuple {@code
 * <type>:<id>#organization@organization:<org>} does; its name is the state's; its members and
 * assignments are its tuples. Lists are sorted by id and paged with the one continuation-token
 * codec.
 */
public final class Directory {

  private Directory() {}

  /** One entity as the endpoints render it. */
  public record Entry(
      Kind kind,
      String id,
      String name,
      String owner,
      List<String> permissions,
      String project,
      Boolean admin) {}

  /** A page of ids or members, and the token for the next one (null: the last page). */
  public record Page<T>(List<T> items, String continuationToken) {}

  static boolean exists(OrganizationState state, Kind kind, String id) {
    return state.tuples().find(kind.type, id, "organization", "organization", state.id(), null)
        != null;
  }

  /**
   * Whether any tuple is on {@code kind:id} (by any relation of any model version) or names it as
   * its subject: an object in use that is not registered yet.
   */
  static boolean named(OrganizationState state, Kind kind, String id) {
    boolean[] found = {false};
    state
        .tuples()
        .visitBySubject(
            kind.type,
            id,
            tuple -> {
              found[0] = true;
              return false;
            });
    if (found[0]) {
      return true;
    }
    for (String relation : relations(state, kind.type)) {
      if (!state.tuples().tuplesOf(kind.type, id, relation).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** The relations {@code type} has in any of the organization's model versions. */
  static Set<String> relations(OrganizationState state, String type) {
    Set<String> relations = new TreeSet<>();
    for (ModelVersion model : state.models()) {
      TypeDefinition definition = model.compiled().type(type);
      if (definition != null) {
        relations.addAll(definition.relations().keySet());
      }
    }
    return relations;
  }

  /** The entity, or {@code resource_not_found}. */
  public static Entry get(OrganizationState state, Kind kind, String id) {
    if (!exists(state, kind, id)) {
      throw new ServiceException(
          ErrorCode.RESOURCE_NOT_FOUND, kind.type + " '" + id + "' not found");
    }
    String object = kind.object(id);
    String name = state.nameOf(object);
    return switch (kind) {
      case PROJECTS -> {
        List<String> owners = subjects(state, kind.type, id, "owner");
        String owner = owners.isEmpty() ? null : owners.get(0);
        yield new Entry(
            kind,
            id,
            name,
            owner != null && owner.equals("organization:" + state.id()) ? "organization" : owner,
            null,
            null,
            null);
      }
      case ROLES ->
          new Entry(kind, id, name, null, List.copyOf(permissions(state, id)), null, null);
      case DOCUMENTS -> {
        List<String> projects = subjects(state, kind.type, id, "project");
        yield new Entry(
            kind,
            id,
            name,
            null,
            null,
            projects.isEmpty() ? null : projects.get(0).substring("project:".length()),
            null);
      }
      case USERS ->
          new Entry(
              kind,
              id,
              name,
              null,
              null,
              null,
              state.tuples().find("organization", state.id(), "admin", "user", id, null) != null);
      default -> new Entry(kind, id, name, null, null, null, null);
    };
  }

  /** The entities of a kind, sorted by id, {@code pageSize} at a time. */
  public static Page<Entry> list(
      OrganizationState state, Kind kind, int pageSize, String continuationToken) {
    String query = ContinuationToken.query("directory", state.id(), kind.collection);
    String after = position(continuationToken, query);
    TreeSet<String> ids = new TreeSet<>();
    state
        .tuples()
        .visitBySubject(
            "organization",
            state.id(),
            tuple -> {
              if (tuple.relation().equals("organization")
                  && tuple.objectType().equals(kind.type)
                  && (after == null || tuple.objectId().compareTo(after) > 0)) {
                ids.add(tuple.objectId());
                if (ids.size() > pageSize) {
                  ids.pollLast();
                }
              }
              return true;
            });
    List<Entry> entries = new ArrayList<>();
    for (String id : ids) {
      entries.add(get(state, kind, id));
    }
    return new Page<>(entries, next(query, ids, pageSize));
  }

  /** An entity's members in {@code relation}, written {@code user:alice}, {@code team:eng}. */
  public static Page<String> members(
      OrganizationState state,
      Kind kind,
      String id,
      String relation,
      int pageSize,
      String continuationToken) {
    get(state, kind, id);
    String query = ContinuationToken.query("members", state.id(), kind.object(id), relation);
    return sortedPage(query, subjects(state, kind.type, id, relation), pageSize, continuationToken);
  }

  /**
   * A role's holders: organization-wide ({@code user:alice}), and within projects ({@code
   * user:bob@project:marketing}).
   */
  public static Page<String> assignments(
      OrganizationState state, String role, int pageSize, String continuationToken) {
    get(state, Kind.ROLES, role);
    List<String> holders = new ArrayList<>(subjects(state, "role", role, "assignee"));
    for (Binding binding : bindings(state, role)) {
      for (String holder : subjects(state, "role_binding", binding.id(), "assignee")) {
        holders.add(holder + "@" + binding.project());
      }
    }
    String query = ContinuationToken.query("assignments", state.id(), role);
    return sortedPage(query, holders, pageSize, continuationToken);
  }

  /** A role bound to a project: {@code role_binding:<id>}, and the project's object. */
  record Binding(String id, String project) {
    String object() {
      return "role_binding:" + id;
    }
  }

  /** The projects where role {@code role} is bound. */
  static List<Binding> bindings(OrganizationState state, String role) {
    List<Binding> bindings = new ArrayList<>();
    state
        .tuples()
        .visitBySubject(
            "role",
            role,
            tuple -> {
              if (tuple.objectType().equals("role_binding") && tuple.relation().equals("role")) {
                for (String project :
                    subjects(state, "role_binding", tuple.objectId(), "project")) {
                  bindings.add(new Binding(tuple.objectId(), project));
                }
              }
              return true;
            });
    return bindings;
  }

  /** The permissions role {@code role} grants. */
  static Set<String> permissions(OrganizationState state, String role) {
    Set<String> permissions = new TreeSet<>();
    state
        .tuples()
        .visitBySubject(
            "role",
            role,
            tuple -> {
              if (tuple.objectType().equals("permission")
                  && tuple.relation().equals("granted")
                  && "assignee".equals(tuple.subjectRelation())) {
                permissions.add(tuple.objectId());
              }
              return true;
            });
    return permissions;
  }

  /** The members on {@code type:id#relation}, rendered as members, sorted. */
  private static List<String> subjects(
      OrganizationState state, String type, String id, String relation) {
    TreeSet<String> subjects = new TreeSet<>();
    RelationTuples tuples = state.tuples().tuplesOf(type, id, relation);
    tuples.visitDirect(tuple -> subjects.add(tuple.user()));
    tuples.visitUsersets(tuple -> subjects.add(Member.render(tuple.user())));
    return List.copyOf(subjects);
  }

  private static Page<String> sortedPage(
      String query, List<String> all, int pageSize, String continuationToken) {
    String after = position(continuationToken, query);
    TreeSet<String> items = new TreeSet<>();
    for (String item : all) {
      if (after == null || item.compareTo(after) > 0) {
        items.add(item);
        if (items.size() > pageSize) {
          items.pollLast();
        }
      }
    }
    return new Page<>(List.copyOf(items), next(query, items, pageSize));
  }

  private static String next(String query, TreeSet<String> page, int pageSize) {
    return page.size() < pageSize ? null : ContinuationToken.encode(query, page.last());
  }

  private static String position(String continuationToken, String query) {
    try {
      return ContinuationToken.position(continuationToken, query);
    } catch (ContinuationToken.Invalid e) {
      throw new ServiceException(
          ErrorCode.INVALID_CONTINUATION_TOKEN, "the continuation token is not one of this list");
    }
  }
}
