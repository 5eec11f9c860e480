package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** An organization's API keys: create (the key is shown once), list, revoke. */
@Command(
    name = "keys",
    description = "API keys: create, list, revoke",
    subcommands = {KeyCommands.Create.class, KeyCommands.ListAll.class, KeyCommands.Revoke.class})
final class KeyCommands {

  @Command(name = "create", description = "Create a key; it is shown in this answer only")
  static final class Create extends CliCommand {
    @Option(
        names = "--scope",
        required = true,
        description = "read, write, admin, watch or audit (repeat it)")
    List<String> scopes;

    @Option(names = "--name")
    String name;

    @Option(names = "--expires-at", description = "RFC 3339")
    String expiresAt;

    @Override
    int run() {
      ObjectNode body = Client.JSON.createObjectNode();
      scopes.forEach(body.putArray("scopes")::add);
      if (name != null) {
        body.put("name", name);
      }
      if (expiresAt != null) {
        body.put("expires_at", expiresAt);
      }
      JsonNode key = client().post(org("/keys"), body);
      output()
          .print(
              key,
              () -> {
                output().line("key " + key.path("id").asText() + " (shown once, keep it safe):");
                output().line(key.path("key").asText());
              });
      return 0;
    }
  }

  @Command(name = "list", description = "List the keys (never their secrets)")
  static final class ListAll extends CliCommand {
    @Override
    int run() {
      JsonNode answer = client().get(org("/keys"));
      output()
          .print(
              answer,
              () -> {
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode key : answer.path("keys")) {
                  List<String> scopes = new ArrayList<>();
                  key.path("scopes").forEach(s -> scopes.add(s.asText()));
                  rows.add(
                      List.of(
                          Output.text(key.path("id")),
                          Output.text(key.path("name")),
                          String.join(",", scopes),
                          Output.text(key.path("expires_at")),
                          Output.text(key.path("revoked_at"))));
                }
                output().table(List.of("ID", "NAME", "SCOPES", "EXPIRES", "REVOKED"), rows);
              });
      return 0;
    }
  }

  @Command(name = "revoke", description = "Revoke a key: it stops working at once")
  static final class Revoke extends CliCommand {
    @Parameters(index = "0", description = "The key's id")
    String id;

    @Override
    int run() {
      return printed(
          client().call("DELETE", org("/keys/" + Client.encode(id)), null, null), "revoked " + id);
    }
  }
}
