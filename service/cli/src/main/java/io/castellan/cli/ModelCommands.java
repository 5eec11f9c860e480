package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openfga.language.JsonToDslTransformer;
import io.castellan.engine.EngineException;
import io.castellan.engine.model.ModelLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** An organization's authorization model: write, get, validate (here), test (on the server). */
@Command(
    name = "model",
    description = "Models: write, get, validate, test",
    subcommands = {
      ModelCommands.Write.class,
      ModelCommands.Get.class,
      ModelCommands.Validate.class,
      ModelTest.class
    })
final class ModelCommands {

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The request body that writes the model in {@code text}: OpenFGA JSON, or the DSL. */
  static JsonNode modelBody(String text) {
    String trimmed = text.stripLeading();
    if (trimmed.startsWith("{")) {
      try {
        return Client.JSON.readTree(trimmed);
      } catch (IOException e) {
        throw new CliException("the model is not valid JSON: " + e.getMessage());
      }
    }
    return Client.JSON.createObjectNode().put("dsl", text);
  }

  @Command(name = "write", description = "Write a model (a .fga DSL file or OpenFGA JSON)")
  static final class Write extends CliCommand {
    @Parameters(index = "0", description = "The model file")
    Path file;

    @Override
    int run() {
      JsonNode answer = client().post(org("/models"), modelBody(read(file)));
      return printed(answer, "wrote model " + answer.path("authorization_model_id").asText());
    }
  }

  @Command(name = "get", description = "Show a model (default: the latest) in the DSL")
  static final class Get extends CliCommand {
    @Parameters(index = "0", arity = "0..1", description = "The model's id")
    String id;

    @Override
    int run() {
      JsonNode model;
      if (id == null) {
        JsonNode latest = client().get(org("/models?page_size=1"));
        if (latest.path("authorization_models").isEmpty()) {
          throw new CliException("the organization has no model");
        }
        model = latest.path("authorization_models").get(0);
      } else {
        model = client().get(org("/models/" + Client.encode(id))).path("authorization_model");
      }
      output()
          .print(
              model,
              () -> {
                try {
                  output().line(new JsonToDslTransformer().transform(model.toString()));
                } catch (Exception e) {
                  output().line(model.toPrettyString());
                }
              });
      return 0;
    }
  }

  @Command(name = "validate", description = "Check a model file with the language's validator")
  static final class Validate extends CliCommand {
    @Parameters(index = "0..*", description = "Model files (.fga or JSON)")
    List<Path> files;

    @Override
    int run() {
      int failed = 0;
      for (Path file : files) {
        String text = read(file);
        try {
          if (text.stripLeading().startsWith("{")) {
            ModelLoader.fromJson(text);
          } else {
            ModelLoader.fromDsl(text);
          }
          output().line(file + ": valid");
        } catch (EngineException e) {
          failed++;
          output().line(file + ": " + e.getMessage());
        }
      }
      return failed == 0 ? 0 : CliException.FAILED;
    }
  }
}
