package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Organizations: create (the operator), show, delete. */
@Command(
    name = "orgs",
    description = "Organizations: create, get, delete",
    subcommands = {
      OrganizationCommands.Create.class,
      OrganizationCommands.Get.class,
      OrganizationCommands.Delete.class
    })
final class OrganizationCommands {

  @Command(name = "create", description = "Create one with the built-in model (the operator's)")
  static final class Create extends CliCommand {
    @Parameters(index = "0", description = "Its id")
    String id;

    @Option(names = "--name", description = "Display name")
    String name;

    @Option(names = "--admin", description = "A first admin: user:<id> (repeat it)")
    List<String> admins;

    @Option(names = "--blank", description = "Without the built-in model")
    boolean blank;

    @Override
    int run() {
      ObjectNode body = Client.JSON.createObjectNode();
      if (name != null) {
        body.put("name", name);
      }
      if (blank) {
        body.put("model", "none");
      }
      if (admins != null) {
        admins.forEach(body.putArray("admins")::add);
      }
      return printed(
          client().call("PUT", "/v1/orgs/" + Client.encode(id), body, null), "created " + id);
    }
  }

  @Command(name = "get", description = "Show one")
  static final class Get extends CliCommand {
    @Parameters(index = "0", arity = "0..1", description = "Its id (default: --org)")
    String id;

    @Override
    int run() {
      JsonNode org = client().get("/v1/orgs/" + Client.encode(id == null ? options().org() : id));
      output()
          .print(
              org,
              () ->
                  output()
                      .table(
                          List.of("ID", "NAME", "REVISION", "MODEL"),
                          List.of(
                              List.of(
                                  Output.text(org.path("id")),
                                  Output.text(org.path("name")),
                                  Output.text(org.path("revision")),
                                  Output.text(org.path("latest_model_id"))))));
      return 0;
    }
  }

  @Command(name = "delete", description = "Delete one (its id is never reused)")
  static final class Delete extends CliCommand {
    @Parameters(index = "0", description = "Its id")
    String id;

    @Override
    int run() {
      return printed(
          client().call("DELETE", "/v1/orgs/" + Client.encode(id), null, null), "deleted " + id);
    }
  }
}
