package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.protocol.ErrorCode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Watch streams end to end: two nodes on the real Cassandra, the JDK's WebSocket client and
 * Server-Sent Events over loopback. Every subscriber sees each revision after its start once, in
 * order, whichever node it asks and whenever it joins; a slow one is closed with where to resume.
 */
class WatchIntegrationTest {

  private static final String MODEL =
      """
      {"dsl": "model\\n  schema 1.1\\ntype user\\ntype folder\\n  relations\\n    define viewer: [user]\\ntype document\\n  relations\\n    define viewer: [user]\\n    define editor: [user]\\n"}""";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int BUFFER = 16;
  private static final int PER_ORGANIZATION = 30;

  private static TestNode[] nodes;
  private static HttpClientSupport[] http;

  @BeforeAll
  static void start() throws InterruptedException {
    nodes =
        TestNode.startTwo(
            TestNode.newKeyspace("watch_it"),
            """
            castellan.watch.buffer-size = %d
            castellan.watch.max-subscribers-per-organization = %d
            """
                .formatted(BUFFER, PER_ORGANIZATION));
    http =
        new HttpClientSupport[] {
          new HttpClientSupport(nodes[0].baseUrl()), new HttpClientSupport(nodes[1].baseUrl())
        };
  }

  @AfterAll
  static void stop() {
    for (TestNode node : nodes) {
      node.close();
    }
  }

  private static void create(String org) {
    assertEquals(201, http[0].send("PUT", "/v1/orgs/" + org, "{}").status());
    assertEquals(201, http[0].post("/v1/orgs/" + org + "/models", MODEL).status());
  }

  /** Writes one tuple through {@code node}; answers the revision. */
  private static long write(int node, String org, String object, String relation, String user) {
    HttpClientSupport.Response response =
        http[node].post(
            "/v1/orgs/" + org + "/write",
            "{\"writes\": {\"tuple_keys\": [{\"object\": \"%s\", \"relation\": \"%s\", \"user\": \"%s\"}]}}"
                .formatted(object, relation, user),
            "X-Castellan-Reason",
            "watch test");
    assertEquals(200, response.status(), response.raw());
    return revisionOf(response.body());
  }

  private static long revision(String org) {
    HttpClientSupport.Response response = http[0].send("GET", "/v1/orgs/" + org, null);
    assertEquals(200, response.status(), response.raw());
    return revisionOf(response.body());
  }

  private static long revisionOf(JsonNode body) {
    return Long.parseLong(body.path("revision").asText().substring(1));
  }

  private static String watch(String org, String query) {
    return "/v1/orgs/" + org + "/watch" + query;
  }

  /** The revisions of the changes among {@code messages}. */
  private static List<Long> changes(List<JsonNode> messages) {
    return messages.stream()
        .filter(message -> message.path("type").asText().equals("change"))
        .map(WatchClient::revision)
        .toList();
  }

  /** That {@code seen} is exactly {@code from} through {@code to}, saying where it is not. */
  private static void assertRevisions(long from, long to, List<Long> seen, String label) {
    List<Long> expected = range(from, to);
    if (!expected.equals(seen)) {
      int at = 0;
      while (at < Math.min(seen.size(), expected.size()) && seen.get(at).equals(expected.get(at))) {
        at++;
      }
      throw new AssertionError(
          label
              + ": expected r"
              + from
              + "..r"
              + to
              + " once each; got "
              + seen.size()
              + " changes, first difference at index "
              + at
              + ": "
              + seen.subList(at, Math.min(seen.size(), at + 5)));
    }
  }

  private static List<Long> range(long from, long to) {
    List<Long> revisions = new ArrayList<>();
    for (long revision = from; revision <= to; revision++) {
      revisions.add(revision);
    }
    return revisions;
  }

  @Test
  void aWriteArrivesLiveWithWhoWhenAndWhy() {
    create("live");
    try (WatchClient client = WatchClient.open(nodes[0].baseUrl(), watch("live", ""))) {
      JsonNode subscribed = client.next(WAIT);
      assertEquals("subscribed", subscribed.path("type").asText(), subscribed.toString());
      assertEquals(revision("live"), WatchClient.revision(subscribed));
      long written = write(1, "live", "document:7", "viewer", "user:alice");
      JsonNode change = client.next("change", WAIT);
      assertNotNull(change, "the change arrives");
      assertEquals(written, WatchClient.revision(change));
      assertEquals("operator", change.path("actor").asText());
      assertEquals("watch test", change.path("reason").asText());
      assertFalse(change.path("request_id").asText().isEmpty());
      assertTrue(change.path("time").asText().endsWith("Z"));
      assertEquals("document:7", change.path("writes").get(0).path("object").asText());
      assertEquals("user:alice", change.path("writes").get(0).path("user").asText());
    }
  }

  @Test
  void subscribersJoiningMidStreamThroughEitherNodeSeeEveryRevisionOnceInOrder() throws Exception {
    create("seam");
    Random random = new Random(7);
    ExecutorService writers = Executors.newFixedThreadPool(4);
    AtomicInteger written = new AtomicInteger();
    long writeUntil = System.nanoTime() + Duration.ofSeconds(6).toNanos();
    List<Future<?>> writing = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int writer = w;
      writing.add(
          writers.submit(
              () -> {
                for (int i = 0; System.nanoTime() < writeUntil; i++) {
                  write(
                      (writer + i) % 2,
                      "seam",
                      "document:" + writer + "-" + i,
                      "viewer",
                      "user:u" + i);
                  written.incrementAndGet();
                }
              }));
    }
    record Subscription(WatchClient client, int node, long start) {}
    List<Subscription> subscriptions = new ArrayList<>();
    try {
      for (int s = 0; s < 16; s++) {
        Thread.sleep(250);
        long newest = revision("seam");
        boolean fromNow = s % 4 == 3;
        long since = fromNow ? -1 : 1 + random.nextInt((int) newest);
        WatchClient client =
            WatchClient.open(
                nodes[s % 2].baseUrl(),
                watch("seam", (fromNow ? "?" : "?since=r" + since + "&") + "heartbeat=1"));
        JsonNode subscribed = client.next(WAIT);
        assertEquals("subscribed", subscribed.path("type").asText(), subscribed.toString());
        subscriptions.add(new Subscription(client, s % 2, WatchClient.revision(subscribed)));
      }
      for (Future<?> writer : writing) {
        writer.get();
      }
      long last = revision("seam");
      assertTrue(written.get() > 50, "writers ran: " + written.get());
      for (Subscription subscription : subscriptions) {
        assertRevisions(
            subscription.start() + 1,
            last,
            changesResuming(subscription.client(), subscription.node(), "seam", last),
            "from r" + subscription.start());
      }
    } finally {
      writers.shutdownNow();
      subscriptions.forEach(subscription -> subscription.client().close());
    }
  }

  /**
   * The changes through {@code last}, resuming as the contract says whenever the server ends the
   * stream for reading too slowly (this class's nodes give each subscriber a small buffer).
   */
  private static List<Long> changesResuming(WatchClient client, int node, String org, long last) {
    List<Long> seen = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    WatchClient current = client;
    try {
      while (System.nanoTime() < deadline) {
        List<JsonNode> messages = current.until(last, WAIT);
        seen.addAll(changes(messages));
        JsonNode end = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (end != null && end.path("type").asText().equals("error")) {
          if (!end.path("code").asText().equals("watch_overflow")) {
            throw new AssertionError("the stream ended with " + end);
          }
        } else {
          return seen;
        }
        if (current != client) {
          current.close();
        }
        current =
            WatchClient.open(
                nodes[node].baseUrl(),
                watch(org, "?since=" + end.path("revision").asText() + "&heartbeat=1"));
      }
      return seen;
    } finally {
      if (current != client) {
        current.close();
      }
    }
  }

  @Test
  void aSlowSubscriberIsClosedWithTheRevisionToResumeFromAndLosesNothing() {
    create("slow");
    long start = revision("slow");
    String bigWrite = bigWrite("writes");
    String bigDelete = bigWrite("deletes");
    long last = start;
    try (WatchClient slow = WatchClient.stalled(nodes[1].baseUrl(), watch("slow", ""))) {
      // each change is about 20 KB: enough of them fill the socket's buffers, then the server's
      long until = System.nanoTime() + Duration.ofSeconds(40).toNanos();
      for (int i = 0; i < 1500 && System.nanoTime() < until; i++) {
        HttpClientSupport.Response response =
            http[i % 2].post("/v1/orgs/slow/write", i % 2 == 0 ? bigWrite : bigDelete);
        assertEquals(200, response.status(), response.raw());
        last = revisionOf(response.body());
      }
      slow.read();
      List<JsonNode> first = slow.untilClosed(WAIT);
      JsonNode error = first.get(first.size() - 1);
      assertEquals("error", error.path("type").asText(), "the stream ended with an error");
      assertEquals("watch_overflow", error.path("code").asText());
      long resumeAt = WatchClient.revision(error);
      assertRevisions(start + 1, resumeAt, changes(first), "contiguous up to the error");
      assertTrue(resumeAt < last, "the overflow came before the last write");
      assertEquals(
          new WatchClient.Close(4429, "watch_overflow since=r" + resumeAt),
          slow.closeFrame(WAIT),
          "the close frame names the error and where to resume");
      try (WatchClient resumed =
          WatchClient.open(nodes[0].baseUrl(), watch("slow", "?since=r" + resumeAt))) {
        assertRevisions(resumeAt + 1, last, changes(resumed.until(last, WAIT)), "after resuming");
      }
    }
  }

  private static String bigWrite(String kind) {
    StringBuilder tuples = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      tuples
          .append(i == 0 ? "" : ",")
          .append(
              "{\"object\": \"document:a-rather-long-document-identifier-of-the-slow-test-%03d\","
                      .formatted(i)
                  + " \"relation\": \"viewer\", \"user\": \"user:someone-with-a-long-name-too\"}");
    }
    return "{\"" + kind + "\": {\"tuple_keys\": [" + tuples + "]}}";
  }

  @Test
  void anIdleStreamGetsHeartbeatsAtTheNewestRevision() {
    create("idle");
    long newest = revision("idle");
    try (WatchClient client = WatchClient.open(nodes[1].baseUrl(), watch("idle", "?heartbeat=1"))) {
      JsonNode heartbeat = client.next("heartbeat", Duration.ofSeconds(5));
      assertNotNull(heartbeat, "a heartbeat within a few seconds");
      assertEquals(newest, WatchClient.revision(heartbeat));
      long written = write(0, "idle", "document:1", "viewer", "user:x");
      assertEquals(written, WatchClient.revision(client.next("change", WAIT)));
      JsonNode next = client.next("heartbeat", Duration.ofSeconds(5));
      assertNotNull(next);
      assertEquals(written, WatchClient.revision(next));
    }
  }

  @Test
  void filtersNarrowTheChangesAndHeartbeatsStillAdvance() {
    create("filtered");
    try (WatchClient client =
        WatchClient.open(
            nodes[0].baseUrl(),
            watch("filtered", "?type=document&relation=viewer&kind=tuples&heartbeat=1"))) {
      client.next(WAIT); // subscribed
      write(0, "filtered", "folder:1", "viewer", "user:a");
      write(0, "filtered", "document:1", "editor", "user:a");
      long wanted = write(1, "filtered", "document:2", "viewer", "user:b");
      long after = write(1, "filtered", "folder:2", "viewer", "user:b");
      JsonNode change = client.next("change", WAIT);
      assertEquals(wanted, WatchClient.revision(change));
      assertEquals("document:2", change.path("writes").get(0).path("object").asText());
      JsonNode heartbeat = client.next("heartbeat", Duration.ofSeconds(5));
      assertNotNull(heartbeat);
      assertEquals(after, WatchClient.revision(heartbeat), "nothing else matched up to here");
    }
  }

  @Test
  void aMalformedSinceGetsAnErrorMessageAndAClose() {
    create("bad-since");
    assertRefused(watch("bad-since", "?since=yesterday"), "validation_error");
    assertRefused(watch("bad-since", "?heartbeat=0"), "validation_error");
    assertRefused(watch("bad-since", "?kind=everything"), "validation_error");
  }

  @Test
  void aTokenFromTheFutureOrAnotherOrganizationGetsAnErrorMessageAndAClose() {
    create("short-history");
    assertRefused(
        watch("short-history", "?since=r" + (revision("short-history") + 1000)),
        "invalid_revision");
  }

  private static void assertRefused(String pathAndQuery, String code) {
    try (WatchClient client = WatchClient.open(nodes[0].baseUrl(), pathAndQuery)) {
      List<JsonNode> messages = client.untilClosed(WAIT);
      assertEquals(1, messages.size(), messages.toString());
      assertEquals("error", messages.get(0).path("type").asText());
      assertEquals(code, messages.get(0).path("code").asText());
      assertEquals(
          new WatchClient.Close(
              4000 + ErrorCode.ofLabel(code).orElseThrow().httpStatus,
              code + " since=" + messages.get(0).path("revision").asText()),
          client.closeFrame(WAIT));
    }
  }

  @Test
  void aClientThatSendsAMessageIsToldWhyAndClosed() {
    create("chatty");
    try (WatchClient client = WatchClient.open(nodes[0].baseUrl(), watch("chatty", ""))) {
      client.next(WAIT); // subscribed
      client.send("{\"subscribe\": \"everything\"}");
      List<JsonNode> messages = client.untilClosed(WAIT);
      JsonNode error = messages.get(messages.size() - 1);
      assertEquals("error", error.path("type").asText());
      assertEquals(
          new WatchClient.Close(4400, "validation_error since=" + error.path("revision").asText()),
          client.closeFrame(WAIT));
    }
    // the organization's other subscribers and writes go on
    try (WatchClient client = WatchClient.open(nodes[0].baseUrl(), watch("chatty", ""))) {
      client.next(WAIT);
      long written = write(1, "chatty", "document:1", "viewer", "user:x");
      assertEquals(written, WatchClient.revision(client.next("change", WAIT)));
    }
  }

  @Test
  void subscribersBeyondTheLimitGetAnErrorMessageAndAClose() {
    create("crowded");
    List<WatchClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < PER_ORGANIZATION; i++) {
        WatchClient client = WatchClient.open(nodes[0].baseUrl(), watch("crowded", ""));
        assertEquals("subscribed", client.next(WAIT).path("type").asText());
        clients.add(client);
      }
      assertRefused(watch("crowded", ""), "too_many_subscribers");
      clients.remove(0).close();
      long deadline = System.nanoTime() + WAIT.toNanos();
      boolean admitted = false;
      while (!admitted && System.nanoTime() < deadline) { // the place is given back on close
        try (WatchClient again = WatchClient.open(nodes[0].baseUrl(), watch("crowded", ""))) {
          admitted = again.next(WAIT).path("type").asText().equals("subscribed");
        }
      }
      assertTrue(admitted, "a closed subscriber's place is given back");
    } finally {
      clients.forEach(WatchClient::close);
    }
  }

  @Test
  void anotherTenantsCredentialIsRefusedBeforeTheUpgrade() {
    create("tenant-x");
    create("tenant-y");
    String keyOfY =
        http[0]
            .post("/v1/orgs/tenant-y/keys", "{\"scopes\": [\"watch\"]}")
            .body()
            .path("key")
            .asText();
    String readerOfX =
        http[0]
            .post("/v1/orgs/tenant-x/keys", "{\"scopes\": [\"read\"]}")
            .body()
            .path("key")
            .asText();
    CompletionException foreign =
        assertThrows(
            CompletionException.class,
            () -> WatchClient.open(nodes[1].baseUrl(), watch("tenant-x", ""), keyOfY));
    assertEquals(404, handshakeStatus(foreign));
    CompletionException noScope =
        assertThrows(
            CompletionException.class,
            () -> WatchClient.open(nodes[1].baseUrl(), watch("tenant-x", ""), readerOfX));
    assertEquals(403, handshakeStatus(noScope));
    try (WatchClient own = WatchClient.open(nodes[1].baseUrl(), watch("tenant-y", ""), keyOfY)) {
      assertEquals("subscribed", own.next(WAIT).path("type").asText());
    }
  }

  private static int handshakeStatus(CompletionException failure) {
    return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
  }

  @Test
  void aBrowserThatCannotSendHeadersPassesItsCredentialInTheQueryString() {
    create("browser");
    String key =
        http[0]
            .post("/v1/orgs/browser/keys", "{\"scopes\": [\"watch\"]}")
            .body()
            .path("key")
            .asText();
    try (WatchClient client =
        WatchClient.open(nodes[0].baseUrl(), watch("browser", "?access_token=" + key), null)) {
      assertEquals("subscribed", client.next(WAIT).path("type").asText());
    }
    CompletionException wrong =
        assertThrows(
            CompletionException.class,
            () ->
                WatchClient.open(
                    nodes[0].baseUrl(), watch("browser", "?access_token=ck.nonsense"), null));
    assertEquals(401, handshakeStatus(wrong));
    // only streams take it: any other endpoint wants the header
    assertEquals(
        401,
        http[0]
            .send("GET", "/v1/orgs/browser?access_token=" + key, null, "Authorization", "")
            .status());
  }

  @Test
  void serverSentEventsCarryTheSameStream() throws Exception {
    create("sse");
    long start = revision("sse");
    long written = write(0, "sse", "document:1", "viewer", "user:x");
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(nodes[1].baseUrl() + watch("sse", "?since=r" + start)))
            .header("Accept", "text/event-stream")
            .header("Authorization", "Bearer " + TestNode.OPERATOR_KEY)
            .build();
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").contains("text/event-stream"));
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      List<String> event = new ArrayList<>();
      List<List<String>> events = new ArrayList<>();
      for (String line = lines.readLine();
          events.size() < 2 && line != null;
          line = lines.readLine()) {
        if (line.isEmpty()) {
          events.add(event);
          event = new ArrayList<>();
        } else {
          event.add(line);
        }
      }
      // SSE fields are "name:value"; the space after the colon is optional
      assertTrue(events.get(0).contains("event:subscribed"), events.toString());
      assertTrue(events.get(1).contains("event:change"), events.toString());
      assertTrue(events.get(1).contains("id:r" + written), events.toString());
      String data =
          events.get(1).stream().filter(line -> line.startsWith("data:")).findFirst().orElseThrow();
      assertTrue(data.contains("\"document:1\""), data);
    }
  }

  @Test
  void anEventSourceReconnectingToTheSameUrlResumesFromItsLastEventId() throws Exception {
    create("sse-resume");
    long start = revision("sse-resume");
    long seen = write(0, "sse-resume", "document:1", "viewer", "user:x");
    long next = write(0, "sse-resume", "document:2", "viewer", "user:x");
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(nodes[0].baseUrl() + watch("sse-resume", "?since=r" + start)))
            .header("Accept", "text/event-stream")
            .header("Last-Event-ID", "r" + seen)
            .header("Authorization", "Bearer " + TestNode.OPERATOR_KEY)
            .build();
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      List<String> ids = new ArrayList<>();
      for (String line = lines.readLine();
          ids.size() < 2 && line != null;
          line = lines.readLine()) {
        if (line.startsWith("id:")) {
          ids.add(line.substring(3).strip());
        }
      }
      assertEquals(
          List.of("r" + seen, "r" + next), ids, "subscribed at r" + seen + ", then r" + next);
    }
  }

  @Test
  void deletingTheOrganizationEndsItsStreams() {
    create("doomed");
    try (WatchClient client = WatchClient.open(nodes[1].baseUrl(), watch("doomed", ""))) {
      client.next(WAIT);
      assertEquals(200, http[0].send("DELETE", "/v1/orgs/doomed", null).status());
      List<JsonNode> messages = client.untilClosed(WAIT);
      JsonNode last = messages.get(messages.size() - 1);
      assertEquals("closed", last.path("type").asText(), messages.toString());
      assertEquals(
          new WatchClient.Close(1000, "closed revision=" + last.path("revision").asText()),
          client.closeFrame(WAIT),
          "a normal close: nothing more can come");
      JsonNode deleted = messages.get(messages.size() - 2);
      assertEquals("organization", deleted.path("kind").asText());
      assertEquals("deleted", deleted.path("change").asText());
    }
  }
}
