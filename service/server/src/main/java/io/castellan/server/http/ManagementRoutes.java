package io.castellan.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.protocol.Scope;
import io.castellan.server.domain.Kind;
import io.castellan.server.forwarding.ReadOperation;
import io.castellan.server.http.request.DirectoryQuery;
import io.castellan.server.organization.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The management endpoints under {@code /v1/orgs/{org}}: for each kind ({@code users}, {@code
 * teams}, {@code projects}, {@code groups}, {@code roles}, {@code documents}) create, list, get,
 * change, delete; members of teams, projects, groups and documents; assignments of roles. Changes
 * are rate-limited as writes and reads as reads; who may do what is decided by the organization
 * (see {@link ManagementApi}).
 */
final class ManagementRoutes extends JsonRoutes {

  ManagementRoutes(AuthorizationApi api, ObjectMapper mapper, RequestDeadline deadline) {
    super(api, mapper, deadline);
  }

  List<Endpoint> endpoints(String org) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      String collection = org + "/" + kind.collection;
      String one = collection + "/{id}";
      endpoints.add(
          new Endpoint(
              HttpMethods.POST,
              collection,
              Scope.WRITE,
              "org",
              (path, caller) ->
                  change(
                      caller,
                      (request, body) ->
                          api.management.create(path.get("org"), kind, body, request))));
      endpoints.add(
          new Endpoint(
              HttpMethods.GET,
              collection,
              Scope.READ,
              "org",
              (path, caller) ->
                  paged(path, caller, DirectoryQuery.Operation.LIST, kind, Optional.empty())));
      endpoints.add(
          new Endpoint(
              HttpMethods.GET,
              one,
              Scope.READ,
              "org",
              (path, caller) ->
                  read(
                      path,
                      caller,
                      new DirectoryQuery(
                          DirectoryQuery.Operation.GET, kind, path.get("id"), null, null, null))));
      endpoints.add(
          new Endpoint(
              HttpMethods.PATCH,
              one,
              Scope.WRITE,
              "org",
              (path, caller) ->
                  change(
                      caller,
                      (request, body) ->
                          api.management.update(
                              path.get("org"), kind, path.get("id"), body, request))));
      endpoints.add(
          new Endpoint(
              HttpMethods.DELETE,
              one,
              Scope.WRITE,
              "org",
              (path, caller) ->
                  changeWithoutBody(
                      caller,
                      request ->
                          api.management.delete(path.get("org"), kind, path.get("id"), request))));
      if (kind.hasMembers()) {
        endpoints.addAll(memberEndpoints(one, kind));
      }
    }
    endpoints.addAll(assignmentEndpoints(org + "/roles/{id}/assignments"));
    return endpoints;
  }

  /** {@code GET .../members}, {@code PUT|DELETE .../members/{member}} ({@code ?relation=}). */
  private List<Endpoint> memberEndpoints(String one, Kind kind) {
    String members = one + "/members";
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(
        new Endpoint(
            HttpMethods.GET,
            members,
            Scope.READ,
            "org",
            (path, caller) ->
                parameterOptional(
                    "relation",
                    relation ->
                        paged(path, caller, DirectoryQuery.Operation.MEMBERS, kind, relation))));
    for (boolean added : new boolean[] {true, false}) {
      endpoints.add(
          new Endpoint(
              added ? HttpMethods.PUT : HttpMethods.DELETE,
              members + "/{member}",
              Scope.WRITE,
              "org",
              (path, caller) ->
                  parameterOptional(
                      "relation",
                      relation ->
                          changeWithoutBody(
                              caller,
                              request ->
                                  api.management.member(
                                      path.get("org"),
                                      kind,
                                      path.get("id"),
                                      path.get("member"),
                                      relation.orElse(null),
                                      added,
                                      request)))));
    }
    return endpoints;
  }

  /** {@code GET .../assignments}, {@code PUT|DELETE .../assignments/{user}} ({@code ?scope=}). */
  private List<Endpoint> assignmentEndpoints(String assignments) {
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(
        new Endpoint(
            HttpMethods.GET,
            assignments,
            Scope.READ,
            "org",
            (path, caller) ->
                paged(
                    path,
                    caller,
                    DirectoryQuery.Operation.ASSIGNMENTS,
                    Kind.ROLES,
                    Optional.empty())));
    for (boolean assigned : new boolean[] {true, false}) {
      endpoints.add(
          new Endpoint(
              assigned ? HttpMethods.PUT : HttpMethods.DELETE,
              assignments + "/{user}",
              Scope.WRITE,
              "org",
              (path, caller) ->
                  parameterOptional(
                      "scope",
                      scope ->
                          changeWithoutBody(
                              caller,
                              request ->
                                  api.management.assignment(
                                      path.get("org"),
                                      path.get("id"),
                                      path.get("user"),
                                      scope.orElse(null),
                                      assigned,
                                      request)))));
    }
    return endpoints;
  }

  private Route paged(
      Map<String, String> path,
      Caller caller,
      DirectoryQuery.Operation operation,
      Kind kind,
      Optional<String> relation) {
    return withPage(
        (size, token) ->
            read(
                path,
                caller,
                new DirectoryQuery(
                    operation, kind, path.get("id"), relation.orElse(null), size, token)));
  }

  private Route read(Map<String, String> path, Caller caller, DirectoryQuery query) {
    ObjectNode body = mapper.valueToTree(query);
    return respond(
        () -> api.reads.answer(ReadOperation.DIRECTORY, path.get("org"), json(body), true, caller));
  }
}
