package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.CqlSession;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An organization recovered from a real snapshot in Cassandra plus the events journaled after it
 * answers exactly as it did before the restart.
 */
class SnapshotRecoveryIntegrationTest {

  private static final String SETTINGS = "castellan.organization.snapshot-every = 5";
  private static final String MODEL =
      """
      {"dsl": "model\\n  schema 1.1\\ntype user\\ntype group\\n  relations\\n    define member: [user]\\ntype document\\n  relations\\n    define viewer: [user, user:*, group#member, user with in_region]\\ncondition in_region(region: string, allowed: list<string>) {\\n  region in allowed\\n}\\n"}""";

  @Test
  void anOrganizationRecoversFromASnapshotAndLaterEventsAndAnswersExactlyAsBefore()
      throws Exception {
    String keyspace = TestNode.newKeyspace("snapshot_it");
    TestNode node = TestNode.startWith(keyspace, SETTINGS);
    HttpClientSupport http = new HttpClientSupport(node.baseUrl());
    assertEquals(201, http.send("PUT", "/v1/orgs/snap", "{\"name\": \"snap\"}").status());
    assertEquals(201, http.post("/v1/orgs/snap/models", MODEL).status());
    List<String> tuples =
        List.of(
            tuple("document:1", "user:anne", null),
            tuple("document:2", "user:*", null),
            tuple("document:3", "group:eng#member", null),
            tuple("group:eng", "user:bob", "member"),
            tuple(
                "document:4",
                "user:carl",
                "{\"name\": \"in_region\", \"context\": {\"allowed\": [\"eu\", \"us\"]}}"),
            tuple("document:5", "user:dana", "{\"name\": \"in_region\"}"));
    for (String tuple : tuples) {
      assertEquals(
          200,
          http.post("/v1/orgs/snap/write", "{\"writes\": {\"tuple_keys\": [" + tuple + "]}}")
              .status());
    }
    for (int i = 6; i < 10; i++) {
      assertEquals(
          200,
          http.post(
                  "/v1/orgs/snap/write",
                  "{\"writes\": {\"tuple_keys\": ["
                      + tuple("document:" + i, "user:erin", null)
                      + "]}}")
              .status());
    }
    assertEquals(
        200,
        http.post(
                "/v1/orgs/snap/write",
                "{\"deletes\": {\"tuple_keys\": [" + tuple("document:6", "user:erin", null) + "]}}")
            .status());
    List<String> before = answers(http);
    node.close();

    assertEquals(
        10L,
        newestSnapshot(keyspace),
        "a snapshot at revision 10 of 13 (one every 5 events): recovery replays 11-13 after it");
    TestNode restarted = TestNode.startWith(keyspace, SETTINGS);
    try {
      assertEquals(before, answers(new HttpClientSupport(restarted.baseUrl())));
    } finally {
      restarted.close();
    }
  }

  private static String tuple(String object, String user, String conditionOrRelation) {
    boolean relation = conditionOrRelation != null && !conditionOrRelation.startsWith("{");
    return "{\"object\": \""
        + object
        + "\", \"relation\": \""
        + (relation ? conditionOrRelation : "viewer")
        + "\", \"user\": \""
        + user
        + "\""
        + (conditionOrRelation != null && !relation
            ? ", \"condition\": " + conditionOrRelation
            : "")
        + "}";
  }

  /** Every tuple, model, and the answers to checks that go through each kind of tuple. */
  private static List<String> answers(HttpClientSupport http) {
    List<String> answers = new ArrayList<>();
    answers.add(http.send("GET", "/v1/orgs/snap", null).body().path("revision").asText());
    answers.add(http.post("/v1/orgs/snap/read", "{\"page_size\": 100}").raw());
    answers.add(http.send("GET", "/v1/orgs/snap/models", null).raw());
    for (String user :
        List.of("user:anne", "user:bob", "user:carl", "user:dana", "user:erin", "user:zoe")) {
      for (int document = 1; document < 12; document++) {
        answers.add(
            user
                + " document:"
                + document
                + " "
                + http.post(
                        "/v1/orgs/snap/check",
                        "{\"tuple_key\": {\"object\": \"document:"
                            + document
                            + "\", \"relation\": \"viewer\", \"user\": \""
                            + user
                            + "\"}, \"context\": {\"region\": \"eu\", \"allowed\": [\"eu\"]}}")
                    .raw());
      }
    }
    answers.add(
        http.post(
                "/v1/orgs/snap/list-objects",
                "{\"type\": \"document\", \"relation\": \"viewer\", \"user\": \"user:erin\"}")
            .raw());
    return answers;
  }

  private static long newestSnapshot(String keyspace) {
    try (CqlSession session =
        CqlSession.builder()
            .addContactPoint(new InetSocketAddress("127.0.0.1", TestCassandra.get().cqlPort()))
            .withLocalDatacenter("datacenter1")
            .build()) {
      return session
          .execute(
              "SELECT sequence_nr FROM "
                  + keyspace
                  + "_snapshot.snapshots WHERE persistence_id = "
                  + "'Organization|snap' ORDER BY sequence_nr DESC LIMIT 1")
          .one()
          .getLong("sequence_nr");
    }
  }
}
