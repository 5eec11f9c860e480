package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * An organization's tuples out ({@code export}) and in ({@code import}), as JSON lines ({@code
 * {"user": ..., "relation": ..., "object": ..., "condition": {...}}}) or CSV ({@code
 * user,relation,object}), streamed: memory stays bounded by one page (export) or the batches in
 * flight (import), whatever the size. An import writes batches of 100 tuples, several at once, with
 * duplicates ignored, and records in {@code FILE.progress} how many lines are done, so that an
 * interrupted import run again resumes there (and a batch sent twice changes nothing).
 */
final class TupleTransfer {

  static final int BATCH = 100;

  private TupleTransfer() {}

  static boolean csv(Path file, String format) {
    return format != null ? format.equals("csv") : file != null && file.toString().endsWith(".csv");
  }

  /** Progress on stderr, when it is a terminal. */
  static final class Progress {
    private final boolean shown = System.console() != null;
    private final long started = System.nanoTime();
    private long lastShown;

    void show(String verb, long count, boolean last) {
      long now = System.nanoTime();
      if (!shown || (!last && now - lastShown < 250_000_000L)) {
        return;
      }
      lastShown = now;
      double seconds = Math.max(0.001, (now - started) / 1e9);
      System.err.printf(
          "\r%s %,d tuples (%,.0f/s)%s", verb, count, count / seconds, last ? "\n" : "");
    }
  }

  @Command(name = "export", description = "Write an organization's tuples as JSON lines (or CSV)")
  static final class Export extends CliCommand {
    @Parameters(index = "0", arity = "0..1", description = "The file (default: standard output)")
    Path file;

    @Option(names = "--format", description = "jsonl (default) or csv")
    String format;

    @Override
    int run() {
      boolean csv = csv(file, format);
      Progress progress = new Progress();
      long count = 0;
      try (Writer out =
          file == null
              ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
              : Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        String token = "";
        do {
          ObjectNode body = Client.JSON.createObjectNode().put("page_size", 1000);
          if (!token.isEmpty()) {
            body.put("continuation_token", token);
          }
          JsonNode page = client().post(org("/export"), body);
          for (JsonNode key : page.path("tuples")) { // an export lists the tuple keys
            out.write(csv ? csvLine(key) : Client.JSON.writeValueAsString(key));
            out.write('\n');
            count++;
          }
          progress.show("exported", count, false);
          token = Output.text(page.path("continuation_token"));
        } while (!token.isEmpty());
      } catch (IOException e) {
        throw new CliException(
            "cannot write " + (file == null ? "the output" : file) + ": " + e.getMessage());
      }
      progress.show("exported", count, true);
      long total = count;
      if (file != null) {
        output()
            .print(
                Client.JSON.createObjectNode().put("exported", total),
                () -> output().line("exported " + total + " tuples to " + file));
      }
      return 0;
    }

    private static String csvLine(JsonNode key) {
      if (key.has("condition")) {
        throw new CliException("a conditional tuple cannot be exported as CSV; use JSON lines");
      }
      return String.join(
          ",",
          quoted(key.path("user").asText()),
          quoted(key.path("relation").asText()),
          quoted(key.path("object").asText()));
    }

    private static String quoted(String value) {
      return value.contains(",") || value.contains("\"")
          ? "\"" + value.replace("\"", "\"\"") + "\""
          : value;
    }
  }

  @Command(name = "import", description = "Write tuples from JSON lines (or CSV); resumable")
  static final class Import extends CliCommand {
    @Parameters(index = "0", description = "The file")
    Path file;

    @Option(names = "--format", description = "jsonl (default) or csv")
    String format;

    @Option(names = "--parallel", description = "Batches in flight (default 8)")
    int parallel = 8;

    @Option(
        names = "--restart",
        description = "Ignore the progress file: start from the first line")
    boolean restart;

    @Override
    int run() {
      if (parallel < 1 || parallel > 64) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--parallel must be 1-64, not " + parallel);
      }
      boolean csv = csv(file, format);
      Path progressFile = Path.of(file + ".progress");
      long done = restart ? 0 : resumeFrom(progressFile);
      Progress progress = new Progress();
      Client client = client();
      String path = org("/write");
      Deque<Batch> inFlight = new ArrayDeque<>();
      long line = 0;
      long imported = done;
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        List<JsonNode> batch = new ArrayList<>(BATCH);
        String text;
        while ((text = in.readLine()) != null) {
          line++;
          if (line <= done || text.isBlank()) {
            continue;
          }
          batch.add(csv ? csvTuple(text, line) : jsonTuple(text, line));
          if (batch.size() == BATCH) {
            imported = send(client, path, batch, line, inFlight, progressFile, imported, progress);
            batch = new ArrayList<>(BATCH);
          }
        }
        if (!batch.isEmpty()) {
          imported = send(client, path, batch, line, inFlight, progressFile, imported, progress);
        }
        while (!inFlight.isEmpty()) {
          imported = complete(inFlight.poll(), progressFile, imported, progress);
        }
      } catch (IOException e) {
        throw new CliException("cannot read " + file + ": " + e.getMessage());
      }
      progress.show("imported", imported, true);
      try {
        Files.deleteIfExists(progressFile);
      } catch (IOException e) {
        // a stale progress file only makes the next import skip what this one did
      }
      long total = imported;
      output()
          .print(
              Client.JSON.createObjectNode().put("imported", total),
              () -> output().line("imported " + total + " tuples"));
      return 0;
    }

    private record Batch(CompletableFuture<JsonNode> answer, long lastLine, int size) {}

    private long send(
        Client client,
        String path,
        List<JsonNode> tuples,
        long lastLine,
        Deque<Batch> inFlight,
        Path progressFile,
        long imported,
        Progress progress) {
      ObjectNode body = Client.JSON.createObjectNode();
      ObjectNode writes = body.putObject("writes");
      ArrayNode keys = writes.putArray("tuple_keys");
      tuples.forEach(keys::add);
      writes.put("on_duplicate", "ignore");
      inFlight.add(new Batch(client.callAsync("POST", path, body, null), lastLine, tuples.size()));
      while (inFlight.size() >= parallel) {
        imported = complete(inFlight.poll(), progressFile, imported, progress);
      }
      return imported;
    }

    /** Waits for the oldest batch, then records the lines done through it. */
    private static long complete(Batch batch, Path progressFile, long imported, Progress progress) {
      try {
        batch.answer().join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof CliException cli
            ? new CliException(
                cli.getMessage()
                    + " (the lines counted in "
                    + progressFile
                    + " are done; run the import again to resume)",
                cli.exitCode)
            : new CliException(String.valueOf(e.getCause()));
      }
      try {
        Files.writeString(progressFile, Long.toString(batch.lastLine()));
      } catch (IOException e) {
        throw new CliException("cannot write " + progressFile + ": " + e.getMessage());
      }
      long now = imported + batch.size();
      progress.show("imported", now, false);
      return now;
    }

    private static long resumeFrom(Path progressFile) {
      if (!Files.isRegularFile(progressFile)) {
        return 0;
      }
      try {
        long done = Long.parseLong(Files.readString(progressFile).trim());
        System.err.println("resuming after line " + done + " (" + progressFile + ")");
        return done;
      } catch (IOException | NumberFormatException e) {
        throw new CliException("cannot read " + progressFile + "; remove it or use --restart");
      }
    }

    private static JsonNode jsonTuple(String text, long line) {
      try {
        JsonNode tuple = Client.JSON.readTree(text);
        if (!tuple.isObject()
            || !tuple.has("user")
            || !tuple.has("relation")
            || !tuple.has("object")) {
          throw new CliException("line " + line + ": a tuple needs user, relation and object");
        }
        return tuple;
      } catch (IOException e) {
        throw new CliException("line " + line + ": not JSON: " + e.getMessage());
      }
    }

    private static JsonNode csvTuple(String text, long line) {
      List<String> cells = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            cell.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          cells.add(cell.toString());
          cell.setLength(0);
        } else {
          cell.append(c);
        }
      }
      cells.add(cell.toString());
      if (cells.size() != 3) {
        throw new CliException("line " + line + ": a CSV tuple is user,relation,object");
      }
      return QueryCommands.tuple(cells.get(0).trim(), cells.get(1).trim(), cells.get(2).trim());
    }
  }
}
