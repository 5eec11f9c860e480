package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * One kind of managed entity ({@code users}, {@code teams}, {@code projects}, {@code groups},
 * {@code roles}, {@code documents}): its subcommands call the management endpoints of that
 * collection.
 */
@Command(
    description =
        "Manage them: create, list, get, update, delete, add-member, remove-member, members",
    subcommands = {
      EntityCommands.Create.class,
      EntityCommands.ListAll.class,
      EntityCommands.Get.class,
      EntityCommands.Update.class,
      EntityCommands.Delete.class,
      EntityCommands.AddMember.class,
      EntityCommands.RemoveMember.class,
      EntityCommands.Members.class
    })
final class EntityCommands {

  final String collection;

  EntityCommands(String collection) {
    this.collection = collection;
  }

  /** The command line of one collection. */
  static CommandLine of(String collection) {
    return new CommandLine(new EntityCommands(collection));
  }

  abstract static class EntityCommand extends CliCommand {
    @ParentCommand EntityCommands parent;

    String path(String rest) {
      return org("/" + parent.collection + rest);
    }
  }

  /** Fields of a create or update. */
  static class Fields {
    @Option(names = "--name", description = "Display name")
    String name;

    @Option(names = "--owner", description = "A project's owner: user:<id> or organization")
    String owner;

    @Option(
        names = "--permission",
        description = "A role's permission (repeat it; on update, the whole list)")
    List<String> permissions;

    @Option(names = "--project", description = "A document's project")
    String project;

    @Option(names = "--admin", description = "A user: whether they administer the organization")
    Boolean admin;

    ObjectNode json() {
      ObjectNode body = Client.JSON.createObjectNode();
      if (name != null) {
        body.put("name", name);
      }
      if (owner != null) {
        body.put("owner", owner);
      }
      if (permissions != null) {
        permissions.forEach(body.putArray("permissions")::add);
      }
      if (project != null) {
        body.put("project", project);
      }
      if (admin != null) {
        body.put("admin", admin);
      }
      return body;
    }
  }

  @Command(name = "create", description = "Create one")
  static final class Create extends EntityCommand {
    @Parameters(index = "0", description = "Its id")
    String id;

    @CommandLine.Mixin Fields fields;

    @Override
    int run() {
      ObjectNode body = fields.json();
      body.put("id", id);
      return printed(client().post(path(""), body), "created " + id);
    }
  }

  @Command(name = "list", description = "List them, by id")
  static final class ListAll extends EntityCommand {
    @Option(names = "--page-size", description = "How many per request (default 100)")
    int pageSize = 100;

    @Override
    int run() {
      List<JsonNode> all = client().allPages(path("?page_size=" + pageSize), parent.collection);
      ObjectNode answer = Client.JSON.createObjectNode();
      all.forEach(answer.putArray(parent.collection)::add);
      output()
          .print(
              answer,
              () -> {
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode entity : all) {
                  rows.add(row(entity));
                }
                output().table(List.of("ID", "NAME", "DETAILS"), rows);
              });
      return 0;
    }
  }

  static List<String> row(JsonNode entity) {
    List<String> details = new ArrayList<>();
    for (String field : new String[] {"owner", "project", "admin"}) {
      if (entity.has(field)) {
        details.add(field + "=" + entity.path(field).asText());
      }
    }
    if (entity.has("permissions")) {
      List<String> permissions = new ArrayList<>();
      entity.path("permissions").forEach(p -> permissions.add(p.asText()));
      details.add("permissions=" + String.join(",", permissions));
    }
    return List.of(
        Output.text(entity.path("id")),
        Output.text(entity.path("name")),
        String.join(" ", details));
  }

  @Command(name = "get", description = "Show one")
  static final class Get extends EntityCommand {
    @Parameters(index = "0", description = "Its id")
    String id;

    @Override
    int run() {
      JsonNode entity = client().get(path("/" + Client.encode(id)));
      output()
          .print(
              entity, () -> output().table(List.of("ID", "NAME", "DETAILS"), List.of(row(entity))));
      return 0;
    }
  }

  @Command(name = "update", description = "Change its name, owner, permissions or admin flag")
  static final class Update extends EntityCommand {
    @Parameters(index = "0", description = "Its id")
    String id;

    @CommandLine.Mixin Fields fields;

    @Override
    int run() {
      return printed(
          client().call("PATCH", path("/" + Client.encode(id)), fields.json(), null),
          "updated " + id);
    }
  }

  @Command(name = "delete", description = "Delete it, with every tuple that names it")
  static final class Delete extends EntityCommand {
    @Parameters(index = "0", description = "Its id")
    String id;

    @Override
    int run() {
      return printed(
          client().call("DELETE", path("/" + Client.encode(id)), null, null), "deleted " + id);
    }
  }

  /** What member commands share. */
  abstract static class MemberCommand extends EntityCommand {
    @Parameters(index = "0", description = "The entity's id")
    String id;

    @Parameters(
        index = "1",
        description =
            "user:<id>, machine:<id>, team:<id>, group:<id> (team:<org>:<id>: another organization's)")
    String member;

    @Option(
        names = "--relation",
        description = "For documents: viewer (default), editor or hidden_from; users: manager")
    String relation;

    String memberPath() {
      return path(
          "/"
              + Client.encode(id)
              + "/members/"
              + Client.encode(member)
              + (relation == null ? "" : "?relation=" + Client.encode(relation)));
    }
  }

  @Command(name = "add-member", description = "Add a member")
  static final class AddMember extends MemberCommand {
    @Override
    int run() {
      return printed(
          client().call("PUT", memberPath(), null, null), "added " + member + " to " + id);
    }
  }

  @Command(name = "remove-member", description = "Remove a member")
  static final class RemoveMember extends MemberCommand {
    @Override
    int run() {
      return printed(
          client().call("DELETE", memberPath(), null, null), "removed " + member + " from " + id);
    }
  }

  @Command(name = "members", description = "List its members")
  static final class Members extends EntityCommand {
    @Parameters(index = "0", description = "Its id")
    String id;

    @Option(names = "--relation", description = "For documents: viewer, editor or hidden_from")
    String relation;

    @Override
    int run() {
      List<String> members = new ArrayList<>();
      client()
          .allPages(
              path(
                  "/"
                      + Client.encode(id)
                      + "/members?page_size=100"
                      + (relation == null ? "" : "&relation=" + Client.encode(relation))),
              "members")
          .forEach(member -> members.add(member.asText()));
      ObjectNode answer = Client.JSON.createObjectNode();
      members.forEach(answer.putArray("members")::add);
      output()
          .print(
              answer,
              () -> output().table(List.of("MEMBER"), members.stream().map(List::of).toList()));
      return 0;
    }
  }
}
