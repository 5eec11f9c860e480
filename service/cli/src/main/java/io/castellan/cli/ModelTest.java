package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Runs OpenFGA CLI store test files ({@code .fga.yaml}: a model, tuples, and check, list_objects
 * and list_users assertions) against a server, so that teams test their models in CI. Each test
 * runs in an organization of its own, created for it without the built-in model (so the caller must
 * be the operator) and deleted after: the file's model, its tuples and the test's tuples, then the
 * assertions. Exit 0 when every assertion holds.
 */
@Command(name = "test", description = "Run .fga.yaml store test files against the server")
final class ModelTest extends CliCommand {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Parameters(index = "0..*", arity = "1..*", description = "Store test files (.fga.yaml)")
  List<Path> files;

  private int passed;
  private int failed;

  @Override
  int run() {
    for (Path file : files) {
      JsonNode store;
      try {
        store = YAML.readTree(file.toFile());
      } catch (IOException e) {
        throw new CliException("cannot read " + file + ": " + e.getMessage());
      }
      Path dir = file.toAbsolutePath().getParent();
      String model =
          store.has("model_file")
              ? ModelCommands.read(dir.resolve(store.path("model_file").asText()))
              : store.path("model").asText(null);
      if (model == null) {
        throw new CliException(file + ": no model or model_file");
      }
      List<JsonNode> tuples = tuples(store, dir);
      for (JsonNode test : store.path("tests")) {
        List<JsonNode> all = new ArrayList<>(tuples);
        all.addAll(tuples(test, dir));
        runTest(file, test, model, all);
      }
    }
    ObjectNode summary = Client.JSON.createObjectNode().put("passed", passed).put("failed", failed);
    output().print(summary, () -> output().line(passed + " passed, " + failed + " failed"));
    return failed == 0 ? 0 : CliException.FAILED;
  }

  private static List<JsonNode> tuples(JsonNode node, Path dir) {
    List<JsonNode> tuples = new ArrayList<>();
    node.path("tuples").forEach(tuples::add);
    List<String> files = new ArrayList<>();
    if (node.has("tuple_file")) {
      files.add(node.path("tuple_file").asText());
    }
    node.path("tuple_files").forEach(f -> files.add(f.asText()));
    for (String name : files) {
      try {
        YAML.readTree(dir.resolve(name).toFile()).forEach(tuples::add);
      } catch (IOException e) {
        throw new CliException("cannot read " + name + ": " + e.getMessage());
      }
    }
    return tuples;
  }

  private void runTest(Path file, JsonNode test, String model, List<JsonNode> tuples) {
    String name = test.path("name").asText("unnamed");
    Client client = client();
    String org = "model-test-" + UUID.randomUUID().toString().substring(0, 13);
    String base = "/v1/orgs/" + org;
    client.call("PUT", base, Client.JSON.createObjectNode().put("model", "none"), null);
    try {
      client.post(base + "/models", ModelCommands.modelBody(model));
      for (int i = 0; i < tuples.size(); i += 100) {
        ObjectNode body = Client.JSON.createObjectNode();
        ArrayNode keys = body.putObject("writes").putArray("tuple_keys");
        tuples.subList(i, Math.min(i + 100, tuples.size())).forEach(keys::add);
        client.post(base + "/write", body);
      }
      for (JsonNode check : test.path("check")) {
        forEach(
            check.path("assertions"),
            (relation, expected) -> {
              ObjectNode body = Client.JSON.createObjectNode();
              body.set(
                  "tuple_key",
                  QueryCommands.tuple(
                      check.path("user").asText(), relation, check.path("object").asText()));
              copy(check, body);
              boolean allowed = client.post(base + "/check", body).path("allowed").asBoolean();
              report(
                  file,
                  name,
                  "check "
                      + check.path("user").asText()
                      + " "
                      + relation
                      + " "
                      + check.path("object").asText(),
                  String.valueOf(expected.asBoolean()),
                  String.valueOf(allowed));
            });
      }
      for (JsonNode list : test.path("list_objects")) {
        forEach(
            list.path("assertions"),
            (relation, expected) -> {
              ObjectNode body =
                  Client.JSON
                      .createObjectNode()
                      .put("user", list.path("user").asText())
                      .put("relation", relation)
                      .put("type", list.path("type").asText());
              copy(list, body);
              report(
                  file,
                  name,
                  "list_objects "
                      + list.path("user").asText()
                      + " "
                      + relation
                      + " "
                      + list.path("type").asText(),
                  sorted(expected),
                  sorted(client.post(base + "/list-objects", body).path("objects")));
            });
      }
      for (JsonNode list : test.path("list_users")) {
        forEach(
            list.path("assertions"),
            (relation, expected) -> {
              String object = list.path("object").asText();
              int colon = object.indexOf(':');
              ObjectNode body = Client.JSON.createObjectNode().put("relation", relation);
              body.putObject("object")
                  .put("type", object.substring(0, Math.max(colon, 0)))
                  .put("id", object.substring(colon + 1));
              body.set("user_filters", list.path("user_filter"));
              copy(list, body);
              List<String> users = new ArrayList<>();
              for (JsonNode user : client.post(base + "/list-users", body).path("users")) {
                users.add(Output.user(user));
              }
              report(
                  file,
                  name,
                  "list_users " + object + " " + relation,
                  sorted(expected.path("users")),
                  new TreeSet<>(users).toString());
            });
      }
    } finally {
      try {
        client.call("DELETE", base, null, null);
      } catch (CliException e) {
        output()
            .line("warning: the test organization " + org + " was not deleted: " + e.getMessage());
      }
    }
  }

  private static void copy(JsonNode from, ObjectNode to) {
    if (from.has("context")) {
      to.set("context", from.path("context"));
    }
    if (from.has("contextual_tuples")) {
      to.putObject("contextual_tuples").set("tuple_keys", from.path("contextual_tuples"));
    }
  }

  private static String sorted(JsonNode values) {
    TreeSet<String> sorted = new TreeSet<>();
    values.forEach(value -> sorted.add(value.asText()));
    return sorted.toString();
  }

  private static void forEach(
      JsonNode assertions, java.util.function.BiConsumer<String, JsonNode> each) {
    Iterator<Map.Entry<String, JsonNode>> fields = assertions.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      each.accept(field.getKey(), field.getValue());
    }
  }

  private void report(Path file, String test, String what, String expected, String actual) {
    boolean ok = expected.equals(actual);
    if (ok) {
      passed++;
    } else {
      failed++;
    }
    if (!options().json) {
      output()
          .line(
              (ok ? "PASS " : "FAIL ")
                  + file.getFileName()
                  + " / "
                  + test
                  + ": "
                  + what
                  + (ok ? "" : " (expected " + expected + ", got " + actual + ")"));
    }
  }
}
