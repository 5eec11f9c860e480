package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Tuples and the questions asked of them, in the order OpenFGA's CLI takes them. */
final class QueryCommands {

  private QueryCommands() {}

  static ObjectNode tuple(String user, String relation, String object) {
    return Client.JSON
        .createObjectNode()
        .put("user", user)
        .put("relation", relation)
        .put("object", object);
  }

  @Command(
      name = "check",
      description = "May USER have RELATION on OBJECT? Exit 0 if allowed, 1 if not")
  static final class Check extends CliCommand {
    @Parameters(index = "0", description = "user:alice")
    String user;

    @Parameters(index = "1", description = "view")
    String relation;

    @Parameters(index = "2", description = "document:7")
    String object;

    @Option(names = "--explain", description = "Why: the path that granted it, or what was tried")
    boolean explain;

    @Option(names = "--at", description = "As of a revision token")
    String at;

    @Override
    int run() {
      ObjectNode body = Client.JSON.createObjectNode();
      body.set("tuple_key", tuple(user, relation, object));
      if (explain) {
        body.put("explain", true);
      }
      if (at != null) {
        body.put("at_revision", at);
      }
      JsonNode answer = client().post(org("/check"), body);
      boolean allowed = answer.path("allowed").asBoolean();
      output()
          .print(
              answer,
              () -> {
                output()
                    .line(
                        (allowed ? "allowed" : "denied")
                            + " (revision "
                            + answer.path("revision").asText()
                            + ")");
                if (answer.has("explanation")) {
                  output().line(answer.path("explanation").toPrettyString());
                }
              });
      return allowed ? 0 : CliException.FAILED;
    }
  }

  /** A tuple written or deleted. */
  abstract static class TupleChange extends CliCommand {
    @Parameters(index = "0", description = "user:alice")
    String user;

    @Parameters(index = "1", description = "viewer")
    String relation;

    @Parameters(index = "2", description = "document:7")
    String object;

    int change(String field, String done) {
      ObjectNode body = Client.JSON.createObjectNode();
      body.putObject(field).putArray("tuple_keys").add(tuple(user, relation, object));
      return printed(
          client().post(org("/write"), body), done + " " + object + "#" + relation + "@" + user);
    }
  }

  @Command(name = "write", description = "Write a tuple")
  static final class Write extends TupleChange {
    @Override
    int run() {
      return change("writes", "wrote");
    }
  }

  @Command(name = "delete", description = "Delete a tuple")
  static final class DeleteTuple extends TupleChange {
    @Override
    int run() {
      return change("deletes", "deleted");
    }
  }

  @Command(name = "read", description = "Read stored tuples (filters optional)")
  static final class Read extends CliCommand {
    @Option(names = "--object", description = "document:7, or document: for a type")
    String object;

    @Option(names = "--relation")
    String relation;

    @Option(names = "--user")
    String user;

    @Override
    int run() {
      List<JsonNode> tuples = new ArrayList<>();
      String token = null;
      do {
        ObjectNode body = Client.JSON.createObjectNode().put("page_size", 100);
        if (object != null || relation != null || user != null) {
          ObjectNode key = body.putObject("tuple_key");
          if (object != null) {
            key.put("object", object);
          }
          if (relation != null) {
            key.put("relation", relation);
          }
          if (user != null) {
            key.put("user", user);
          }
        }
        if (token != null) {
          body.put("continuation_token", token);
        }
        JsonNode page = client().post(org("/read"), body);
        page.path("tuples").forEach(tuple -> tuples.add(tuple.path("key")));
        token = Output.text(page.path("continuation_token"));
      } while (!token.isEmpty());
      ObjectNode answer = Client.JSON.createObjectNode();
      tuples.forEach(answer.putArray("tuples")::add);
      output()
          .print(
              answer,
              () ->
                  output()
                      .table(
                          List.of("OBJECT", "RELATION", "USER"),
                          tuples.stream()
                              .map(
                                  t ->
                                      List.of(
                                          Output.text(t.path("object")),
                                          Output.text(t.path("relation")),
                                          Output.text(t.path("user"))))
                              .toList()));
      return 0;
    }
  }

  @Command(name = "list-objects", description = "The objects of TYPE on which USER has RELATION")
  static final class ListObjects extends CliCommand {
    @Parameters(index = "0")
    String user;

    @Parameters(index = "1")
    String relation;

    @Parameters(index = "2")
    String type;

    @Override
    int run() {
      ObjectNode body =
          Client.JSON
              .createObjectNode()
              .put("user", user)
              .put("relation", relation)
              .put("type", type);
      JsonNode answer = client().post(org("/list-objects"), body);
      output().print(answer, () -> answer.path("objects").forEach(o -> output().line(o.asText())));
      return 0;
    }
  }

  @Command(name = "list-users", description = "The users (of --type) that have RELATION on OBJECT")
  static final class ListUsers extends CliCommand {
    @Parameters(index = "0", description = "document:7")
    String object;

    @Parameters(index = "1")
    String relation;

    @Option(names = "--type", description = "The users' type (default user), or type#relation")
    String type = "user";

    @Override
    int run() {
      int colon = object.indexOf(':');
      if (colon <= 0) {
        throw new CliException("an object is type:id, not " + object);
      }
      ObjectNode body = Client.JSON.createObjectNode().put("relation", relation);
      body.putObject("object")
          .put("type", object.substring(0, colon))
          .put("id", object.substring(colon + 1));
      ObjectNode filter = body.putArray("user_filters").addObject();
      int hash = type.indexOf('#');
      filter.put("type", hash < 0 ? type : type.substring(0, hash));
      if (hash >= 0) {
        filter.put("relation", type.substring(hash + 1));
      }
      JsonNode answer = client().post(org("/list-users"), body);
      output()
          .print(
              answer, () -> answer.path("users").forEach(user -> output().line(Output.user(user))));
      return 0;
    }
  }

  @Command(name = "expand", description = "The tree of who has RELATION on OBJECT")
  static final class Expand extends CliCommand {
    @Parameters(index = "0")
    String relation;

    @Parameters(index = "1")
    String object;

    @Override
    int run() {
      ObjectNode body = Client.JSON.createObjectNode();
      body.putObject("tuple_key").put("relation", relation).put("object", object);
      JsonNode answer = client().post(org("/expand"), body);
      output().print(answer, () -> output().line(answer.path("tree").toPrettyString()));
      return 0;
    }
  }
}
