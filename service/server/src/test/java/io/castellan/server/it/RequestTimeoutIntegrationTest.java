package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Answers not ready within the request timeout, on a node whose timeout (1 ms) nothing that reaches
 * Cassandra can meet: a read is answered 503 request_timeout, a change 503 deadline_exceeded (it
 * could not start in time, so it is not applied).
 */
class RequestTimeoutIntegrationTest {

  private static TestNode node;
  private static HttpClientSupport http;

  @BeforeAll
  static void start() {
    node =
        TestNode.startWith(
            TestNode.newKeyspace("request_timeout_it"), "castellan.http.request-timeout = 1 ms");
    http = new HttpClientSupport(node.baseUrl());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aReadNotAnsweredWithinTheRequestTimeoutIs503RequestTimeout() {
    // an organization not in memory: its entity must first recover from Cassandra
    HttpClientSupport.Response read =
        http.post(
            "/v1/orgs/cold/list-objects",
            "{\"type\": \"document\", \"relation\": \"viewer\", \"user\": \"user:anne\"}");
    assertEquals(503, read.status(), read.raw());
    assertEquals("request_timeout", read.body().path("code").asText(), read.raw());
  }

  @Test
  void aChangeThatCannotStartBeforeItsDeadlineIs503DeadlineExceeded() {
    HttpClientSupport.Response create = http.send("PUT", "/v1/orgs/late", "{\"name\": \"late\"}");
    assertEquals(503, create.status(), create.raw());
    assertEquals("deadline_exceeded", create.body().path("code").asText(), create.raw());
  }
}
