package io.castellan.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Answers as a table for people, or the server's JSON for scripts ({@code --json}). */
final class Output {

  private final PrintStream out;
  private final boolean json;

  Output(PrintStream out, boolean json) {
    this.out = out;
    this.json = json;
  }

  boolean json() {
    return json;
  }

  /** The answer as JSON, or as {@code human} prints it. */
  void print(JsonNode answer, Runnable human) {
    if (json) {
      try {
        out.println(Client.JSON.writeValueAsString(answer));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      human.run();
    }
  }

  void line(String text) {
    out.println(text);
  }

  /** Rows under a header, each column as wide as its widest cell. */
  void table(List<String> header, List<List<String>> rows) {
    if (rows.isEmpty()) {
      out.println("(none)");
      return;
    }
    List<Integer> widths = new ArrayList<>();
    for (int c = 0; c < header.size(); c++) {
      int width = header.get(c).length();
      for (List<String> row : rows) {
        width = Math.max(width, cell(row, c).length());
      }
      widths.add(width);
    }
    out.println(row(header, widths));
    List<String> rule = new ArrayList<>();
    widths.forEach(width -> rule.add("-".repeat(width)));
    out.println(row(rule, widths));
    rows.forEach(row -> out.println(row(row, widths)));
  }

  private static String cell(List<String> row, int column) {
    String value = column < row.size() ? row.get(column) : "";
    return value == null ? "" : value;
  }

  private static String row(List<String> cells, List<Integer> widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < widths.size(); c++) {
      String value = cell(cells, c);
      line.append(value);
      if (c < widths.size() - 1) {
        line.append(" ".repeat(widths.get(c) - value.length() + 2));
      }
    }
    return line.toString().stripTrailing();
  }

  /** A listed user as OpenFGA's list-users answers it, written {@code type:id[#relation]}. */
  static String user(JsonNode user) {
    if (user.has("wildcard")) {
      return user.path("wildcard").path("type").asText() + ":*";
    }
    JsonNode one = user.has("object") ? user.path("object") : user.path("userset");
    return one.path("type").asText()
        + ":"
        + one.path("id").asText()
        + (one.has("relation") ? "#" + one.path("relation").asText() : "");
  }

  static String text(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull() ? "" : node.asText();
  }
}
