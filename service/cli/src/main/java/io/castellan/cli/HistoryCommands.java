package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** An organization's history: watch it live, read its audit trail, undo a change. */
final class HistoryCommands {

  private HistoryCommands() {}

  /** One change as a line of a table. */
  static String line(JsonNode entry) {
    List<String> tuples = new ArrayList<>();
    entry.path("writes").forEach(t -> tuples.add("+" + tuple(t)));
    entry.path("deletes").forEach(t -> tuples.add("-" + tuple(t)));
    entry.path("granted").forEach(t -> tuples.add("shared " + tuple(t)));
    entry.path("withdrawn").forEach(t -> tuples.add("unshared " + tuple(t)));
    return String.join(
            "  ",
            Output.text(entry.path("revision")),
            Output.text(entry.path("time")),
            Output.text(entry.path("actor")),
            Output.text(entry.path("kind")) + "/" + Output.text(entry.path("change")),
            String.join(" ", tuples),
            entry.path("reason").isTextual() ? "(" + entry.path("reason").asText() + ")" : "")
        .stripTrailing();
  }

  /** One line of a stream; one that is not JSON is the server's fault, not the network's. */
  static JsonNode parsed(String text) {
    try {
      return Client.JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new CliException("the server sent a line that is not JSON: " + text);
    }
  }

  private static String tuple(JsonNode tuple) {
    return tuple.path("object").asText()
        + "#"
        + tuple.path("relation").asText()
        + "@"
        + tuple.path("user").asText();
  }

  @Command(name = "watch", description = "Follow the organization's changes live (Ctrl-C stops)")
  static final class Watch extends CliCommand {
    @Option(names = "--since", description = "Start after this revision token (default: now)")
    String since;

    @Option(names = "--type", description = "Only changes of objects of this type")
    String type;

    @Option(names = "--count", description = "Stop after this many changes")
    int count = Integer.MAX_VALUE;

    @Override
    int run() {
      StringBuilder query = new StringBuilder("/watch?heartbeat=5");
      if (since != null) {
        query.append("&since=").append(Client.encode(since));
      }
      if (type != null) {
        query.append("&type=").append(Client.encode(type));
      }
      int seen = 0;
      try (InputStream stream = client().stream(org(query.toString()), "text/event-stream");
          BufferedReader lines =
              new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String text;
        while (seen < count && (text = lines.readLine()) != null) {
          if (!text.startsWith("data:")) {
            continue;
          }
          JsonNode message = parsed(text.substring(5).trim());
          String kind = message.path("type").asText();
          if (kind.equals("error")) {
            throw new CliException(
                message.path("code").asText() + ": " + message.path("message").asText());
          }
          if (kind.equals("change")) {
            seen++;
            if (options().json) {
              output().line(message.toString());
            } else {
              output().line(line(message));
            }
          }
        }
      } catch (IOException e) {
        throw new CliException("the stream ended: " + e.getMessage(), CliException.UNREACHABLE);
      }
      return 0;
    }
  }

  @Command(name = "audit", description = "The audit trail (all of it, or filtered)")
  static final class Audit extends CliCommand {
    @Option(names = "--from", description = "Revision token or RFC 3339 time")
    String from;

    @Option(names = "--to")
    String to;

    @Option(names = "--actor")
    String actor;

    @Option(names = "--object")
    String object;

    @Option(names = "--user")
    String user;

    @Option(names = "--relation")
    String relation;

    @Option(names = "--kind", description = "tuples, model, organization, keys, sharing, decisions")
    String kind;

    @Override
    int run() {
      StringBuilder query = new StringBuilder("/audit?");
      String[][] parameters = {
        {"from", from},
        {"to", to},
        {"actor", actor},
        {"object", object},
        {"user", user},
        {"relation", relation},
        {"kind", kind}
      };
      for (String[] parameter : parameters) {
        if (parameter[1] != null) {
          query.append(parameter[0]).append('=').append(Client.encode(parameter[1])).append('&');
        }
      }
      try (InputStream stream = client().stream(org(query.toString()), "application/x-ndjson");
          BufferedReader lines =
              new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String text;
        while ((text = lines.readLine()) != null) {
          if (text.isBlank()) {
            continue;
          }
          output().line(options().json ? text : line(parsed(text)));
        }
      } catch (IOException e) {
        throw new CliException(
            "the audit stream ended: " + e.getMessage(), CliException.UNREACHABLE);
      }
      return 0;
    }
  }

  @Command(name = "undo", description = "Reverse a change (--revision) or a range (--from --to)")
  static final class Undo extends CliCommand {
    @Option(names = "--revision")
    String revision;

    @Option(names = "--from")
    String from;

    @Option(names = "--to")
    String to;

    @Option(names = "--reason")
    String reason;

    @Option(names = "--dry-run", description = "Say what would change, change nothing")
    boolean dryRun;

    @Option(names = "--force", description = "Even if later changes touched the same tuples")
    boolean force;

    @Override
    int run() {
      ObjectNode body = Client.JSON.createObjectNode();
      if (revision != null) {
        body.put("revision", revision);
      }
      if (from != null) {
        body.put("from", from);
      }
      if (to != null) {
        body.put("to", to);
      }
      if (reason != null) {
        body.put("reason", reason);
      }
      if (dryRun) {
        body.put("dry_run", true);
      }
      if (force) {
        body.put("force", true);
      }
      JsonNode answer = client().post(org("/undo"), body);
      output()
          .print(
              answer,
              () ->
                  output().line((dryRun ? "would undo: " : "undone: ") + answer.toPrettyString()));
      return 0;
    }
  }
}
