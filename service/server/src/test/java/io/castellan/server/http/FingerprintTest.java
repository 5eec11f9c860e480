package io.castellan.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.castellan.engine.query.TupleKey;
import io.castellan.engine.store.TupleCondition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {

  private static String write(TupleKey... keys) {
    return Fingerprint.of(List.of(keys), List.of(), List.of(), false, false, null);
  }

  @Test
  void equalRequestsHaveEqualFingerprints() {
    assertEquals(
        write(TupleKey.of("document:1", "viewer", "user:anne")),
        write(TupleKey.of("document:1", "viewer", "user:anne")));
  }

  @Test
  void conditionContextsInAnotherOrderAreTheSameRequest() {
    Map<String, Object> ab = new LinkedHashMap<>();
    ab.put("a", 1);
    ab.put("b", List.of(Map.of("x", 1)));
    Map<String, Object> ba = new LinkedHashMap<>();
    ba.put("b", List.of(Map.of("x", 1)));
    ba.put("a", 1);
    assertEquals(
        write(new TupleKey("document:1", "viewer", "user:anne", new TupleCondition("c", ab))),
        write(new TupleKey("document:1", "viewer", "user:anne", new TupleCondition("c", ba))));
  }

  @Test
  void anotherTupleIsAnotherRequest() {
    assertNotEquals(
        write(TupleKey.of("document:1", "viewer", "user:anne")),
        write(TupleKey.of("document:1", "viewer", "user:bob")));
  }

  @Test
  void aWriteAndADeleteOfTheSameTupleDiffer() {
    TupleKey anne = TupleKey.of("document:1", "viewer", "user:anne");
    assertNotEquals(
        Fingerprint.of(List.of(anne), List.of(), List.of(), false, false, null),
        Fingerprint.of(List.of(), List.of(anne), List.of(), false, false, null));
  }

  @Test
  void theOptionsArePartOfTheRequest() {
    TupleKey anne = TupleKey.of("document:1", "viewer", "user:anne");
    assertNotEquals(
        Fingerprint.of(List.of(anne), List.of(), List.of(), false, false, null),
        Fingerprint.of(List.of(anne), List.of(), List.of(), true, false, null));
  }
}
