package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads as of a past revision or time, on the real Cassandra, as a property: random writes and
 * deletes, then reads at past revisions answer what the tuples were right after that revision, as
 * the test itself kept track of them.
 */
class TimeTravelIntegrationTest {

  private static final String MODEL =
      """
      {"dsl": "model\\n  schema 1.1\\ntype user\\ntype document\\n  relations\\n    define viewer: [user]\\n"}""";
  private static final List<String> UNIVERSE =
      List.of(
          "document:1#user:a",
          "document:1#user:b",
          "document:2#user:a",
          "document:2#user:c",
          "document:3#user:b",
          "document:3#user:c");

  private static TestNode node;
  private static HttpClientSupport http;
  private static final Map<Long, Set<String>> expected = new HashMap<>();
  private static final Map<Long, Instant> after = new HashMap<>();
  private static final List<Long> revisions = new ArrayList<>();

  @BeforeAll
  static void start() {
    // checkpoints every 5 revisions and snapshots every 7, so that replays start from both here
    // too; only the last 2 snapshots kept, so that replays in older stretches find none where
    // expected and read the journal up to the events fetched beside the snapshot
    node =
        TestNode.startWith(
            TestNode.newKeyspace("time_travel_it"),
            """
            castellan.history.checkpoint-every = 5
            castellan.organization.snapshot-every = 7
            castellan.organization.snapshot-keep = 2
            """);
    http = new HttpClientSupport(node.baseUrl());
    assertEquals(201, http.send("PUT", "/v1/orgs/acme", "{}").status());
    assertEquals(201, http.post("/v1/orgs/acme/models", MODEL).status());
    Random random = new Random(20261202);
    Set<String> present = new TreeSet<>();
    for (int i = 0; i < 25; i++) {
      String tuple = UNIVERSE.get(random.nextInt(UNIVERSE.size()));
      boolean delete = present.contains(tuple);
      String[] parts = tuple.split("#");
      String key =
          "{\"object\": \"%s\", \"relation\": \"viewer\", \"user\": \"%s\"}"
              .formatted(parts[0], parts[1]);
      HttpClientSupport.Response response =
          http.post(
              "/v1/orgs/acme/write",
              delete
                  ? "{\"deletes\": {\"tuple_keys\": [" + key + "]}}"
                  : "{\"writes\": {\"tuple_keys\": [" + key + "]}}");
      assertEquals(200, response.status(), response.raw());
      if (delete) {
        present.remove(tuple);
      } else {
        present.add(tuple);
      }
      long revision = Long.parseLong(response.body().path("revision").asText().substring(1));
      expected.put(revision, new TreeSet<>(present));
      after.put(revision, Instant.now());
      revisions.add(revision);
    }
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static Set<String> tuplesAt(String asOf) {
    HttpClientSupport.Response response =
        http.post("/v1/orgs/acme/read", "{\"page_size\": 100, " + asOf + "}");
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

  @Test
  void aReadAtEveryPastRevisionAnswersTheTuplesOfThatRevision() {
    for (long revision : revisions) {
      assertEquals(
          expected.get(revision),
          tuplesAt("\"at_revision\": \"r" + revision + "\""),
          "r" + revision);
    }
  }

  @Test
  void aCheckAtAPastRevisionSaysWhichRevisionItAnswered() {
    long revision = revisions.get(revisions.size() / 2);
    String tuple = UNIVERSE.get(0);
    HttpClientSupport.Response response =
        http.post(
            "/v1/orgs/acme/check",
            "{\"tuple_key\": {\"object\": \"document:1\", \"relation\": \"viewer\", \"user\": \"user:a\"},"
                + " \"at_revision\": \"r"
                + revision
                + "\"}");
    assertEquals(200, response.status(), response.raw());
    assertEquals("r" + revision, response.body().path("revision").asText());
    assertEquals(
        expected.get(revision).contains(tuple), response.body().path("allowed").asBoolean());
  }

  @Test
  void aReadAtAPastTimeAnswersTheLastRevisionBeforeIt() {
    for (long revision : List.of(revisions.get(3), revisions.get(17))) {
      assertEquals(
          expected.get(revision),
          tuplesAt("\"at_time\": \"" + after.get(revision) + "\""),
          "after r" + revision);
    }
  }

  @Test
  void aReadAtEveryPastTimeAnswersTheTuplesOfTheLastRevisionBeforeIt() {
    // the latest times start from the live states kept as the organization passed r20 and r25,
    // the others from snapshots and checkpoints
    for (long revision : revisions) {
      assertEquals(
          expected.get(revision),
          tuplesAt("\"at_time\": \"" + after.get(revision) + "\""),
          "after r" + revision);
    }
  }

  @Test
  void aTimeAskedAgainOrBetweenTwoAskedTimesAnswersTheLastRevisionBeforeIt() {
    // asked again, or between two times asked before, a time is answered from the state kept for
    // the earlier one and the events after it
    List<Long> asked = List.of(revisions.get(10), revisions.get(13));
    for (long revision : asked) {
      assertEquals(
          expected.get(revision), tuplesAt("\"at_time\": \"" + after.get(revision) + "\""));
    }
    for (long revision :
        List.of(revisions.get(10), revisions.get(11), revisions.get(12), revisions.get(13))) {
      assertEquals(
          expected.get(revision),
          tuplesAt("\"at_time\": \"" + after.get(revision) + "\""),
          "after r" + revision);
    }
  }

  @Test
  void aCheckAtTheNewestRevisionAnswersFromTheStateAtHandWithoutARebuild() {
    assertEquals(201, http.send("PUT", "/v1/orgs/newest", "{}").status());
    assertEquals(201, http.post("/v1/orgs/newest/models", MODEL).status());
    HttpClientSupport.Response written =
        http.post(
            "/v1/orgs/newest/write",
            "{\"writes\": {\"tuple_keys\": [{\"object\": \"document:1\", \"relation\": \"viewer\", \"user\": \"user:a\"}]}}");
    assertEquals(200, written.status(), written.raw());
    String newest = written.body().path("revision").asText();
    double rebuildsBefore = rebuilds();
    for (String user : List.of("user:a", "user:b")) {
      HttpClientSupport.Response response =
          http.post(
              "/v1/orgs/newest/check",
              "{\"tuple_key\": {\"object\": \"document:1\", \"relation\": \"viewer\", \"user\": \""
                  + user
                  + "\"}, \"at_revision\": \""
                  + newest
                  + "\"}");
      assertEquals(200, response.status(), response.raw());
      assertEquals(newest, response.body().path("revision").asText());
      assertEquals(user.equals("user:a"), response.body().path("allowed").asBoolean(), user);
    }
    assertEquals(rebuildsBefore, rebuilds());
  }

  @Test
  void aReadInTheRecentPastStartsFromAStateKeptAsTheOrganizationWentByNotFromASnapshot() {
    List<Written> written = writtenOneByOne("recent", 12);
    String asked = written.get(9).revision(); // r13: the state kept at r10 and three events
    double fromCheckpoints = rebuilds("checkpoint");
    double fromElsewhere = rebuilds("snapshot") + rebuilds("start");
    for (int document : List.of(9, 10)) {
      HttpClientSupport.Response response =
          http.post(
              "/v1/orgs/recent/check",
              "{\"tuple_key\": {\"object\": \"document:%d\", \"relation\": \"viewer\", \"user\": \"user:a\"}, \"at_revision\": \"%s\"}"
                  .formatted(document, asked));
      assertEquals(200, response.status(), response.raw());
      assertEquals(asked, response.body().path("revision").asText());
      assertEquals(
          document == 9, response.body().path("allowed").asBoolean(), "document " + document);
    }
    assertEquals(fromCheckpoints + 1, rebuilds("checkpoint"));
    assertEquals(fromElsewhere, rebuilds("snapshot") + rebuilds("start"));
  }

  @Test
  void aReadAtARecentTimeStartsFromAStateKeptAsTheOrganizationWentByNotFromASnapshot() {
    Written tenth = writtenOneByOne("recent-time", 12).get(9); // r13
    double fromCheckpoints = rebuilds("checkpoint");
    double fromElsewhere = rebuilds("snapshot") + rebuilds("start");
    HttpClientSupport.Response response =
        http.post(
            "/v1/orgs/recent-time/read",
            "{\"page_size\": 100, \"at_time\": \"" + tenth.after() + "\"}");
    assertEquals(200, response.status(), response.raw());
    assertEquals(tenth.revision(), response.body().path("revision").asText());
    assertEquals(10, response.body().path("tuples").size());
    assertEquals(fromCheckpoints + 1, rebuilds("checkpoint"));
    assertEquals(fromElsewhere, rebuilds("snapshot") + rebuilds("start"));
  }

  private record Written(String revision, Instant after) {}

  /**
   * A new organization {@code org} and {@code count} writes of one tuple each, document:0 to
   * document:{@code count - 1}: its creation and built-in model are r1 and r2, this model r3, the
   * writes r4 on, so its live states are kept as they pass r5 and r10 (checkpoint-every 5).
   */
  private static List<Written> writtenOneByOne(String org, int count) {
    assertEquals(201, http.send("PUT", "/v1/orgs/" + org, "{}").status());
    assertEquals(201, http.post("/v1/orgs/" + org + "/models", MODEL).status());
    List<Written> written = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HttpClientSupport.Response response =
          http.post(
              "/v1/orgs/" + org + "/write",
              "{\"writes\": {\"tuple_keys\": [{\"object\": \"document:%d\", \"relation\": \"viewer\", \"user\": \"user:a\"}]}}"
                  .formatted(i));
      assertEquals(200, response.status(), response.raw());
      written.add(new Written(response.body().path("revision").asText(), Instant.now()));
    }
    return written;
  }

  /** How many past states this node has rebuilt, from its metrics. */
  private static double rebuilds() {
    return rebuilds("");
  }

  /** How many past states this node has rebuilt from {@code from} (empty: from anywhere). */
  private static double rebuilds(String from) {
    String metrics = http.send("GET", "/metrics", null).raw();
    return metrics
        .lines()
        .filter(line -> line.startsWith("castellan_history_rebuilds_seconds_count"))
        .filter(line -> from.isEmpty() || line.contains("from=\"" + from + "\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void aRevisionNotReachedYetIsRefused() {
    HttpClientSupport.Response response =
        http.post("/v1/orgs/acme/read", "{\"at_revision\": \"r9999\"}");
    assertEquals(400, response.status(), response.raw());
  }
}
