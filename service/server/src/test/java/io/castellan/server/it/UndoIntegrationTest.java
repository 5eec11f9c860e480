package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Undo on the real Cassandra, as a property: after random writes and deletes, undoing a change no
 * later change touched leaves the tuples as if it had never happened; undoing one that a later
 * change touched is refused with the conflicts; undoing the undo redoes it.
 */
class UndoIntegrationTest {

  private static final String MODEL =
      """
      {"dsl": "model\\n  schema 1.1\\ntype user\\ntype document\\n  relations\\n    define viewer: [user, user with small]\\ncondition small(x: int) {\\n  x < 10\\n}\\n"}""";

  private static TestNode node;
  private static HttpClientSupport http;

  @BeforeAll
  static void start() {
    node = TestNode.start(TestNode.newKeyspace("undo_it"));
    http = new HttpClientSupport(node.baseUrl());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** One journaled write of the random history: the tuples it wrote and deleted. */
  private record Step(long revision, Set<String> writes, Set<String> deletes) {
    Set<String> touched() {
      Set<String> all = new HashSet<>(writes);
      all.addAll(deletes);
      return all;
    }
  }

  private static String create(String org) {
    assertEquals(201, http.send("PUT", "/v1/orgs/" + org, "{}").status());
    HttpClientSupport.Response model = http.post("/v1/orgs/" + org + "/models", MODEL);
    assertEquals(201, model.status(), model.raw());
    return model.body().path("authorization_model_id").asText();
  }

  private static String key(String tuple) {
    String[] parts = tuple.split("#");
    return "{\"object\": \"%s\", \"relation\": \"viewer\", \"user\": \"%s\"}"
        .formatted(parts[0], parts[1]);
  }

  /** Random writes and deletes of tuples drawn from a small universe, 1 to 3 per request. */
  private static List<Step> randomHistory(String org, Random random, int steps) {
    Set<String> present = new TreeSet<>();
    List<Step> history = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      Set<String> writes = new TreeSet<>();
      Set<String> deletes = new TreeSet<>();
      int size = 1 + random.nextInt(3);
      for (int t = 0; t < size; t++) {
        String tuple = "document:" + random.nextInt(4) + "#user:" + random.nextInt(4);
        if (writes.contains(tuple) || deletes.contains(tuple)) {
          continue;
        }
        (present.contains(tuple) ? deletes : writes).add(tuple);
      }
      StringBuilder body = new StringBuilder("{");
      if (!writes.isEmpty()) {
        body.append("\"writes\": {\"tuple_keys\": [")
            .append(String.join(", ", writes.stream().map(UndoIntegrationTest::key).toList()))
            .append("]}");
      }
      if (!deletes.isEmpty()) {
        body.append(writes.isEmpty() ? "" : ", ")
            .append("\"deletes\": {\"tuple_keys\": [")
            .append(String.join(", ", deletes.stream().map(UndoIntegrationTest::key).toList()))
            .append("]}");
      }
      HttpClientSupport.Response response =
          http.post("/v1/orgs/" + org + "/write", body.append("}").toString());
      assertEquals(200, response.status(), response.raw());
      present.removeAll(deletes);
      present.addAll(writes);
      history.add(new Step(revisionOf(response.body()), writes, deletes));
    }
    return history;
  }

  /** The tuples after applying {@code history} in order, without the step at {@code skipped}. */
  private static Set<String> replayedWithout(List<Step> history, long skipped) {
    Set<String> tuples = new TreeSet<>();
    for (Step step : history) {
      if (step.revision() != skipped) {
        tuples.removeAll(step.deletes());
        tuples.addAll(step.writes());
      }
    }
    return tuples;
  }

  private static Set<String> tuples(String org) {
    HttpClientSupport.Response response =
        http.post("/v1/orgs/" + org + "/read", "{\"page_size\": 100}");
    assertEquals(200, response.status(), response.raw());
    Set<String> tuples = new TreeSet<>();
    for (JsonNode tuple : response.body().path("tuples")) {
      tuples.add(
          tuple.path("key").path("object").asText()
              + "#"
              + tuple.path("key").path("user").asText());
    }
    return tuples;
  }

  /** Writes or deletes ({@code kind}) one tuple; answers the revision. */
  private static long change(String org, String kind, String tuple) {
    HttpClientSupport.Response response =
        http.post(
            "/v1/orgs/" + org + "/write",
            "{\"" + kind + "\": {\"tuple_keys\": [" + key(tuple) + "]}}");
    assertEquals(200, response.status(), response.raw());
    return revisionOf(response.body());
  }

  private static HttpClientSupport.Response undo(String org, String body) {
    return http.post("/v1/orgs/" + org + "/undo", body);
  }

  private static long revisionOf(JsonNode body) {
    return Long.parseLong(body.path("revision").asText().substring(1));
  }

  private static long revision(String org) {
    return revisionOf(http.send("GET", "/v1/orgs/" + org, null).body());
  }

  @Test
  void undoingAChangeNoLaterChangeTouchedLeavesTheTuplesAsIfItNeverHappened() {
    for (int trial = 0; trial < 4; trial++) {
      String org = "undo-" + trial;
      create(org);
      Random random = new Random(1000 + trial);
      List<Step> history = randomHistory(org, random, 30);
      List<Step> undoable = new ArrayList<>();
      for (int i = 0; i < history.size(); i++) {
        Set<String> later = new HashSet<>();
        history.subList(i + 1, history.size()).forEach(step -> later.addAll(step.touched()));
        later.retainAll(history.get(i).touched());
        if (later.isEmpty()) {
          undoable.add(history.get(i));
        }
      }
      assertFalse(undoable.isEmpty(), "trial " + trial + " has an undoable change");
      Step undone = undoable.get(random.nextInt(undoable.size()));
      HttpClientSupport.Response response =
          undo(org, "{\"revision\": \"r" + undone.revision() + "\", \"reason\": \"mistake\"}");
      assertEquals(200, response.status(), response.raw());
      assertEquals(
          replayedWithout(history, undone.revision()),
          tuples(org),
          "trial " + trial + " " + undone);
    }
  }

  @Test
  void undoingAChangeALaterChangeTouchedIsRefusedWithTheConflicts() {
    String org = "undo-conflict";
    create(org);
    long written = change(org, "writes", "document:1#user:a");
    long deleted = change(org, "deletes", "document:1#user:a");
    long before = revision(org);
    HttpClientSupport.Response refused = undo(org, "{\"revision\": \"r" + written + "\"}");
    assertEquals(409, refused.status(), refused.raw());
    assertEquals("undo_conflict", refused.body().path("code").asText());
    JsonNode conflict = refused.body().path("conflicts").get(0);
    assertEquals("r" + deleted, conflict.path("revision").asText());
    assertEquals("deleted", conflict.path("change").asText());
    assertEquals("document:1", conflict.path("tuple").path("object").asText());
    assertEquals(before, revision(org), "nothing was journaled");
    HttpClientSupport.Response forced =
        undo(org, "{\"revision\": \"r" + written + "\", \"force\": true}");
    assertEquals(200, forced.status(), forced.raw());
    assertEquals(Set.of(), tuples(org), "forced: the tuple is gone already, nothing to remove");
  }

  @Test
  void undoingAnUndoRedoesIt() {
    String org = "undo-redo";
    create(org);
    List<Step> history = randomHistory(org, new Random(99), 10);
    Set<String> before = tuples(org);
    Step last = history.get(history.size() - 1);
    HttpClientSupport.Response undone = undo(org, "{\"revision\": \"r" + last.revision() + "\"}");
    assertEquals(200, undone.status(), undone.raw());
    assertNotEquals(before, tuples(org));
    HttpClientSupport.Response redone =
        undo(org, "{\"revision\": \"" + undone.body().path("revision").asText() + "\"}");
    assertEquals(200, redone.status(), redone.raw());
    assertEquals(before, tuples(org));
  }

  @Test
  void aRangeIsUndoneAsOneChangeThatNamesWhatItUndoes() {
    String org = "undo-range";
    create(org);
    List<Step> history = randomHistory(org, new Random(5), 12);
    long from = history.get(0).revision();
    Set<String> start = new TreeSet<>();
    HttpClientSupport.Response response =
        undo(
            org,
            "{\"from\": \"r%d\", \"to\": \"r%d\", \"reason\": \"roll back the import\"}"
                .formatted(from, history.get(history.size() - 1).revision()));
    assertEquals(200, response.status(), response.raw());
    assertEquals(start, tuples(org), "as before the range");
    long undo = revisionOf(response.body());
    JsonNode entry =
        http.send("GET", "/v1/orgs/" + org + "/audit?from=r" + undo, null)
            .body()
            .path("entries")
            .get(0);
    assertEquals("undone", entry.path("change").asText(), entry.toString());
    assertEquals("r" + from, entry.path("undoes").path("from").asText());
    assertEquals("roll back the import", entry.path("reason").asText());
  }

  @Test
  void aDryRunSaysWhatWouldChangeAndChangesNothing() {
    String org = "undo-dry";
    create(org);
    long written = change(org, "writes", "document:2#user:b");
    HttpClientSupport.Response dry =
        undo(org, "{\"revision\": \"r" + written + "\", \"dry_run\": true}");
    assertEquals(200, dry.status(), dry.raw());
    assertTrue(dry.body().path("dry_run").asBoolean());
    assertEquals("document:2", dry.body().path("deletes").get(0).path("object").asText());
    assertEquals(written, revision(org));
    assertEquals(Set.of("document:2#user:b"), tuples(org));
  }

  @Test
  void aDeletedTupleComesBackWithItsCondition() {
    String org = "undo-condition";
    create(org);
    http.post(
        "/v1/orgs/" + org + "/write",
        "{\"writes\": {\"tuple_keys\": [{\"object\": \"document:3\", \"relation\": \"viewer\","
            + " \"user\": \"user:c\", \"condition\": {\"name\": \"small\", \"context\": {\"x\": 3}}}]}}");
    long deleted = change(org, "deletes", "document:3#user:c");
    assertEquals(200, undo(org, "{\"revision\": \"r" + deleted + "\"}").status());
    JsonNode tuple =
        http.post("/v1/orgs/" + org + "/read", "{}").body().path("tuples").get(0).path("key");
    assertEquals("small", tuple.path("condition").path("name").asText(), tuple.toString());
    assertEquals(3, tuple.path("condition").path("context").path("x").asInt());
  }

  @Test
  void undoingAModelWriteMakesThePreviousModelTheLatestAgain() {
    String org = "undo-model";
    String first = create(org);
    HttpClientSupport.Response second = http.post("/v1/orgs/" + org + "/models", MODEL);
    assertEquals(201, second.status());
    assertNotEquals(
        first, http.send("GET", "/v1/orgs/" + org, null).body().path("latest_model_id").asText());
    HttpClientSupport.Response response =
        undo(org, "{\"revision\": \"" + second.body().path("revision").asText() + "\"}");
    assertEquals(200, response.status(), response.raw());
    assertEquals(first, response.body().path("latest_model_id").asText());
    assertEquals(
        first, http.send("GET", "/v1/orgs/" + org, null).body().path("latest_model_id").asText());
  }

  @Test
  void undoingAModelWriteThatALaterModelSupersededIsAConflict() {
    String org = "undo-model-later";
    create(org);
    HttpClientSupport.Response second = http.post("/v1/orgs/" + org + "/models", MODEL);
    HttpClientSupport.Response third = http.post("/v1/orgs/" + org + "/models", MODEL);
    HttpClientSupport.Response refused =
        undo(org, "{\"revision\": \"" + second.body().path("revision").asText() + "\"}");
    assertEquals(409, refused.status(), refused.raw());
    JsonNode conflict = refused.body().path("conflicts").get(0);
    assertEquals("model_written", conflict.path("change").asText());
    assertEquals(
        third.body().path("authorization_model_id").asText(), conflict.path("model_id").asText());
  }

  @Test
  void anUndoOfMoreThanAThousandTuplesIsRefused() {
    String org = "undo-large";
    create(org);
    long first = 0;
    for (int w = 0; w < 11; w++) {
      StringBuilder keys = new StringBuilder();
      for (int t = 0; t < 100; t++) {
        keys.append(t == 0 ? "" : ", ").append(key("document:" + w + "-" + t + "#user:a"));
      }
      HttpClientSupport.Response written =
          http.post("/v1/orgs/" + org + "/write", "{\"writes\": {\"tuple_keys\": [" + keys + "]}}");
      assertEquals(200, written.status(), written.raw());
      first = first == 0 ? revisionOf(written.body()) : first;
    }
    long before = revision(org);
    HttpClientSupport.Response refused =
        undo(org, "{\"from\": \"r%d\", \"to\": \"r%d\"}".formatted(first, before));
    assertEquals(400, refused.status(), refused.raw());
    assertEquals(before, revision(org));
  }

  @Test
  void badUndoRequestsAreRefusedAndChangeNothing() {
    String org = "undo-bad";
    create(org);
    long before = revision(org);
    Map<String, Integer> cases = new LinkedHashMap<>();
    cases.put("{}", 400);
    cases.put("{\"revision\": \"yesterday\"}", 400);
    cases.put("{\"revision\": \"r1\", \"from\": \"r1\", \"to\": \"r2\"}", 400);
    cases.put("{\"from\": \"r2\", \"to\": \"r1\"}", 400);
    cases.put("{\"revision\": \"r999\"}", 400);
    cases.put("{\"revision\": \"r1\", \"unknown\": 1}", 400);
    for (Map.Entry<String, Integer> bad : cases.entrySet()) {
      HttpClientSupport.Response response = undo(org, bad.getKey());
      assertEquals(bad.getValue(), response.status(), bad.getKey() + " -> " + response.raw());
      assertFalse(response.body().path("code").asText().isEmpty(), response.raw());
    }
    assertEquals(before, revision(org));
  }
}
