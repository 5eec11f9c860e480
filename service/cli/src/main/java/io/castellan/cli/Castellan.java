package io.castellan.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code castellan}: the command line of a Castellan server. Exit codes: 0 done, 1 refused or an
 * assertion failed, 2 bad usage, 3 the server cannot be reached, 4 the credential was refused.
 */
@Command(
    name = "castellan",
    mixinStandardHelpOptions = true,
    version = "castellan 0.1.0",
    description = "The command line of a Castellan authorization server.",
    subcommands = {
      OrganizationCommands.class,
      RoleAssignment.Assign.class,
      RoleAssignment.Unassign.class,
      QueryCommands.Check.class,
      QueryCommands.Write.class,
      QueryCommands.DeleteTuple.class,
      QueryCommands.Read.class,
      QueryCommands.ListObjects.class,
      QueryCommands.ListUsers.class,
      QueryCommands.Expand.class,
      ModelCommands.class,
      TupleTransfer.Import.class,
      TupleTransfer.Export.class,
      KeyCommands.class,
      HistoryCommands.Watch.class,
      HistoryCommands.Audit.class,
      HistoryCommands.Undo.class
    })
public final class Castellan {

  @picocli.CommandLine.Mixin GlobalOptions options;

  /** The collections of the management endpoints, each a command. */
  static final String[] COLLECTIONS = {
    "users", "teams", "projects", "groups", "roles", "documents"
  };

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line; the exit code. */
  public static int execute(String... args) {
    CommandLine line = new CommandLine(new Castellan());
    for (String collection : COLLECTIONS) {
      line.addSubcommand(collection, EntityCommands.of(collection));
    }
    line.setExecutionExceptionHandler(
        (failure, command, parsed) -> {
          PrintWriter err = command.getErr();
          if (failure instanceof CliException cli) {
            err.println("castellan: " + cli.getMessage());
            return cli.exitCode;
          }
          err.println("castellan: " + failure); // a bug: one line, not a stack trace
          return CliException.FAILED;
        });
    return line.execute(args);
  }
}
