package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command shares: the global options, the client, the output. */
abstract class CliCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** The root command's options (given anywhere on the line: they are inherited). */
  GlobalOptions options() {
    return ((Castellan) spec.root().userObject()).options;
  }

  Output output() {
    return new Output(System.out, options().json);
  }

  private Client client;

  /** One client per command: each holds a connection pool and a selector thread. */
  Client client() {
    if (client == null) {
      client = options().client();
    }
    return client;
  }

  /** {@code /v1/orgs/<org>} and the rest. */
  String org(String rest) {
    return "/v1/orgs/" + Client.encode(options().org()) + rest;
  }

  /** Prints the answer: as JSON, or its revision for a change. */
  int printed(JsonNode answer, String what) {
    output()
        .print(
            answer,
            () ->
                output()
                    .line(
                        what
                            + (answer.has("revision")
                                ? " (revision " + answer.path("revision").asText() + ")"
                                : "")));
    return 0;
  }

  @Override
  public Integer call() {
    return run();
  }

  abstract int run();
}
