package io.castellan.server.http.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.engine.query.CheckRequest;
import io.castellan.protocol.Consistency;
import io.castellan.protocol.RevisionToken;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How request bodies are bound and checked: strictly, naming the field that is wrong. */
class RequestBodiesTest {

  private final RequestBodies bodies =
      new RequestBodies(new ObjectMapper(), new RequestLimits(3, 2));

  private JsonNode json(String text) {
    return bodies.parse(text.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  private CheckRequest check(String text) {
    return bodies.bind(json(text), CheckBody.class).request(bodies);
  }

  @Test
  void aCheckBodyBecomesTheEngineRequestWithItsContextualTuplesAndContext() {
    CheckRequest request =
        check(
            "{'tuple_key': {'object': 'doc:1', 'relation': 'viewer', 'user': 'user:anne'},"
                + " 'contextual_tuples': {'tuple_keys': [{'object': 'doc:1', 'relation': 'owner',"
                + " 'user': 'user:bob'}]}, 'context': {'ip': '10.0.0.1'}, 'unknown': 1}");
    assertEquals("doc:1", request.object());
    assertEquals("user:anne", request.user());
    assertEquals(1, request.contextualTuples().size());
    assertEquals("10.0.0.1", request.context().get("ip"));
  }

  @Test
  void contextualTuplesMayAlsoBeABareArray() {
    CheckRequest request =
        check(
            "{'tuple_key': {'object': 'doc:1', 'relation': 'viewer', 'user': 'user:anne'},"
                + " 'contextual_tuples': [{'object': 'doc:1', 'relation': 'owner',"
                + " 'user': 'user:bob'}]}");
    assertEquals("user:bob", request.contextualTuples().get(0).user());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{'tuple_key': {'object': 5, 'relation': 'viewer', 'user': 'user:anne'}}"
            + " | 'tuple_key.object' must be a string",
        "{'tuple_key': {'object': 'doc:1', 'relation': true, 'user': 'user:anne'}}"
            + " | 'tuple_key.relation' must be a string",
        "{'tuple_key': 'doc:1#viewer@user:anne'} | 'tuple_key' must be an object",
        "{'tuple_key': {'object': 'doc:1', 'relation': 'viewer'}}"
            + " | 'user' is required and must be a non-empty string",
        "{} | 'tuple_key' must be an object with object, relation and user",
        "{'tuple_key': {'object': 'doc:1', 'relation': 'viewer', 'user': 'user:anne'},"
            + " 'contextual_tuples': 7} | 'contextual_tuples' must be an array",
        "{'tuple_key': {'object': 'doc:1', 'relation': 'viewer', 'user': 'user:anne'},"
            + " 'context': [1]} | 'context' must be a JSON object",
      })
  void aMistakeIsABadRequestNamingTheField(String body, String message) {
    BadRequest refused = assertThrows(BadRequest.class, () -> check(body));
    assertEquals(message, refused.getMessage());
  }

  @Test
  void aPageSizeMayBeAnIntegerOrAStringOfOneButNotAFraction() {
    assertEquals(
        7, bodies.bind(json("{'page_size': 7}"), ReadBody.class).request("org").pageSize());
    assertEquals(
        7, bodies.bind(json("{'page_size': '7'}"), ReadBody.class).request("org").pageSize());
    BadRequest refused =
        assertThrows(
            BadRequest.class, () -> bodies.bind(json("{'page_size': 1.5}"), ReadBody.class));
    assertEquals("'page_size' must be an integer", refused.getMessage());
  }

  @Test
  void aStringIsNotABoolean() {
    BadRequest refused =
        assertThrows(
            BadRequest.class,
            () ->
                bodies.bind(
                    json(
                        "{'preconditions': [{'tuple_key': {'object': 'doc:1', 'relation': 'viewer',"
                            + " 'user': 'user:anne'}, 'exists': 'true'}]}"),
                    WriteBody.class));
    assertEquals("'preconditions[0].exists' must be a boolean", refused.getMessage());
  }

  @Test
  void aWriteLargerThanTheLimitIsRefused() {
    WriteBody write =
        bodies.bind(
            json(
                "{'writes': {'tuple_keys': ["
                    + "{'object': 'doc:1', 'relation': 'viewer', 'user': 'user:a'},"
                    + "{'object': 'doc:1', 'relation': 'viewer', 'user': 'user:b'}]},"
                    + " 'deletes': [{'object': 'doc:1', 'relation': 'viewer', 'user': 'user:c'},"
                    + "{'object': 'doc:1', 'relation': 'viewer', 'user': 'user:d'}]}"),
            WriteBody.class);
    BadRequest refused = assertThrows(BadRequest.class, () -> write.writeKeys(bodies));
    assertEquals("a write may change at most 3 tuples", refused.getMessage());
  }

  @Test
  void onDuplicateAndOnMissingAreReadFromTheWrappers() {
    WriteBody write =
        bodies.bind(
            json(
                "{'writes': {'tuple_keys': [{'object': 'doc:1', 'relation': 'viewer',"
                    + " 'user': 'user:a'}], 'on_duplicate': 'ignore'},"
                    + " 'deletes': {'tuple_keys': [], 'on_missing': 'error'}}"),
            WriteBody.class);
    assertTrue(write.ignoreDuplicates());
    assertFalse(write.ignoreMissing());
  }

  @Test
  void aBatchLargerThanTheLimitIsRefused() {
    String item =
        "{'tuple_key': {'object': 'doc:1', 'relation': 'viewer', 'user': 'user:a'},"
            + " 'correlation_id': '%s'}";
    BatchCheckBody batch =
        bodies.bind(
            json(
                "{'checks': ["
                    + String.join(
                        ",", item.formatted("1"), item.formatted("2"), item.formatted("3"))
                    + "]}"),
            BatchCheckBody.class);
    BadRequest refused = assertThrows(BadRequest.class, () -> batch.requests(bodies));
    assertEquals("a batch may hold at most 2 checks", refused.getMessage());
  }

  @Test
  void aConditionContextLargerThanTheLimitIsRefused() {
    String big = "x".repeat(RequestLimits.MAX_CONDITION_CONTEXT_BYTES);
    BadRequest refused =
        assertThrows(
            BadRequest.class,
            () ->
                check(
                    "{'tuple_key': {'object': 'doc:1', 'relation': 'viewer', 'user': 'user:anne',"
                        + " 'condition': {'name': 'c', 'context': {'k': '"
                        + big
                        + "'}}}}"));
    assertTrue(refused.getMessage().contains("16384 bytes"), refused.getMessage());
  }

  @Test
  void aRevisionTokenWithoutAModeAsksForAtLeastThatFreshness() {
    Freshness freshness =
        bodies
            .bind(json("{'revision': '" + RevisionToken.of(9) + "'}"), ReadBody.class)
            .freshness();
    assertEquals(Consistency.AT_LEAST_AS_FRESH, freshness.consistency());
    assertEquals(9, freshness.minRevision());
  }
}
