package io.castellan.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.protocol.Consistency;
import io.castellan.protocol.RevisionToken;
import io.castellan.protocol.Scope;
import io.castellan.server.domain.Directory;
import io.castellan.server.domain.Kind;
import io.castellan.server.domain.ManagementChange;
import io.castellan.server.http.request.BadRequest;
import io.castellan.server.http.request.DirectoryQuery;
import io.castellan.server.http.request.EntityBody;
import io.castellan.server.http.request.RequestBodies;
import io.castellan.server.organization.OrganizationCommand;
import io.castellan.server.organization.RequestInfo;
import io.castellan.server.service.OrganizationService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The management endpoints: users, teams, projects, groups, roles and documents of an organization,
 * their members and role assignments. A change is planned and authorized by the organization with
 * its own state ({@link ManagementChange}) and journaled as one event; a read is answered from the
 * state wherever the organization runs ({@link Directory}).
 */
final class ManagementApi {

  private final OrganizationService organizations;
  private final ObjectMapper mapper;
  private final RequestBodies bodies;

  ManagementApi(OrganizationService organizations, ObjectMapper mapper, RequestBodies bodies) {
    this.organizations = organizations;
    this.mapper = mapper;
    this.bodies = bodies;
  }

  CompletionStage<ApiResult> create(String org, Kind kind, byte[] json, RequestInfo request) {
    EntityBody body = bodies.bindStrictly(json, EntityBody.class, EntityBody.FIELDS);
    String id = kind.validId(body.requiredId());
    ManagementChange.Create create =
        new ManagementChange.Create(
            kind,
            id,
            body.name(),
            body.owner(),
            body.permissions(),
            body.project(),
            Boolean.TRUE.equals(body.admin()));
    return manage(org, create, request)
        .thenApply(
            managed -> {
              ObjectNode out = mapper.createObjectNode().put("id", id).put("type", kind.type);
              if (body.name() != null) {
                out.put("name", body.name());
              }
              out.put("revision", RevisionToken.of(managed.revision()));
              return new ApiResult(201, out, managed.revision());
            });
  }

  CompletionStage<ApiResult> update(
      String org, Kind kind, String id, byte[] json, RequestInfo request) {
    EntityBody body = bodies.bindStrictly(json, EntityBody.class, EntityBody.CHANGEABLE);
    return changed(
        org,
        id,
        new ManagementChange.Update(
            kind, id, body.name(), body.owner(), body.permissions(), body.admin()),
        request);
  }

  CompletionStage<ApiResult> delete(String org, Kind kind, String id, RequestInfo request) {
    return changed(org, id, new ManagementChange.Remove(kind, id), request);
  }

  CompletionStage<ApiResult> member(
      String org,
      Kind kind,
      String id,
      String member,
      String relation,
      boolean added,
      RequestInfo request) {
    return changed(
        org,
        id,
        added
            ? new ManagementChange.AddMember(kind, id, member, relation)
            : new ManagementChange.RemoveMember(kind, id, member, relation),
        request);
  }

  CompletionStage<ApiResult> assignment(
      String org,
      String role,
      String assignee,
      String scope,
      boolean assigned,
      RequestInfo request) {
    String project = project(scope);
    return changed(
        org,
        role,
        assigned
            ? new ManagementChange.Assign(role, assignee, project)
            : new ManagementChange.Unassign(role, assignee, project),
        request);
  }

  /** An assignment's scope: none (the whole organization) or {@code project:<id>}. */
  private static String project(String scope) {
    if (scope == null || scope.isEmpty() || scope.equals("organization")) {
      return null;
    }
    if (!scope.startsWith("project:")) {
      throw new BadRequest("a role's scope is project:<id> (or none, the whole organization)");
    }
    return Kind.PROJECTS.validId(scope.substring("project:".length()));
  }

  private CompletionStage<ApiResult> changed(
      String org, String id, ManagementChange change, RequestInfo request) {
    return manage(org, change, request)
        .thenApply(
            managed ->
                ApiResult.ok(
                    mapper
                        .createObjectNode()
                        .put("id", id)
                        .put("changed", managed.changed())
                        .put("revision", RevisionToken.of(managed.revision())),
                    managed.revision()));
  }

  /**
   * The change sent to the organization once its input is checked (a bad one is refused here, and
   * again by the organization), with its fingerprint when it carries an idempotency key.
   */
  private CompletionStage<OrganizationCommand.Managed> manage(
      String org, ManagementChange change, RequestInfo request) {
    change.validate();
    return organizations.manage(
        org,
        change,
        request.idempotencyKey() == null
            ? request
            : request.withFingerprint(Fingerprint.of(change)));
  }

  /** A directory read, answered with the organization's state wherever it runs. */
  PreparedRead read(DirectoryQuery query) {
    Kind kind = query.kind();
    int size = JsonRoutes.boundedPageSize(query.size());
    return new PreparedRead(
        Scope.READ,
        Consistency.MINIMIZE_LATENCY,
        0,
        null,
        (state, caller) -> {
          ObjectNode out = mapper.createObjectNode();
          switch (query.operation()) {
            case GET -> entry(out, Directory.get(state, kind, query.id()));
            case LIST -> {
              Directory.Page<Directory.Entry> page =
                  Directory.list(state, kind, size, query.token());
              ArrayNode items = out.putArray(kind.collection);
              page.items().forEach(entry -> entry(items.addObject(), entry));
              out.put("continuation_token", page.continuationToken());
            }
            case MEMBERS ->
                strings(
                    out,
                    "members",
                    Directory.members(
                        state,
                        kind,
                        query.id(),
                        kind.memberRelation(query.relation()),
                        size,
                        query.token()));
            case ASSIGNMENTS ->
                strings(
                    out,
                    "assignments",
                    Directory.assignments(state, query.id(), size, query.token()));
          }
          out.put("revision", RevisionToken.of(state.revision()));
          return CompletableFuture.completedFuture(ApiResult.ok(out, state.revision()));
        });
  }

  private static void strings(ObjectNode out, String field, Directory.Page<String> page) {
    ArrayNode items = out.putArray(field);
    page.items().forEach(items::add);
    out.put("continuation_token", page.continuationToken());
  }

  private static void entry(ObjectNode out, Directory.Entry entry) {
    out.put("id", entry.id()).put("type", entry.kind().type);
    if (entry.name() != null) {
      out.put("name", entry.name());
    }
    if (entry.owner() != null) {
      out.put("owner", entry.owner());
    }
    if (entry.permissions() != null) {
      ArrayNode permissions = out.putArray("permissions");
      entry.permissions().forEach(permissions::add);
    }
    if (entry.project() != null) {
      out.put("project", entry.project());
    }
    if (entry.admin() != null) {
      out.put("admin", entry.admin());
    }
  }
}
