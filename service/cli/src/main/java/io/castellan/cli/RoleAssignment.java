package io.castellan.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code assign-role <user> <role> [--scope project:x]} and its reverse (the RBAC seed's). */
final class RoleAssignment {

  private RoleAssignment() {}

  abstract static class AssignmentCommand extends CliCommand {
    @Parameters(index = "0", description = "The user: alice, user:alice, team:eng")
    String user;

    @Parameters(index = "1", description = "The role")
    String role;

    @Option(names = "--scope", description = "project:<id>: within that project only")
    String scope;

    String path() {
      return org(
          "/roles/"
              + Client.encode(role)
              + "/assignments/"
              + Client.encode(user)
              + (scope == null ? "" : "?scope=" + Client.encode(scope)));
    }
  }

  @Command(name = "assign-role", description = "Assign a role, organization-wide or in a project")
  static final class Assign extends AssignmentCommand {
    @Override
    int run() {
      return printed(
          client().call("PUT", path(), null, null),
          "assigned " + role + " to " + user + (scope == null ? "" : " in " + scope));
    }
  }

  @Command(name = "unassign-role", description = "Take a role back")
  static final class Unassign extends AssignmentCommand {
    @Override
    int run() {
      return printed(
          client().call("DELETE", path(), null, null),
          "unassigned " + role + " from " + user + (scope == null ? "" : " in " + scope));
    }
  }
}
