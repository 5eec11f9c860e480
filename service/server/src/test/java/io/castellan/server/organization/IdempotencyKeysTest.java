package io.castellan.server.organization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final IdempotencyKeys.Retention DAY =
      new IdempotencyKeys.Retention(Duration.ofHours(24), 3);

  private static IdempotencyKeys.Entry entry(String key, long revision, Instant time) {
    return new IdempotencyKeys.Entry(key, "f-" + key, revision, null, time);
  }

  @Test
  void aKeyIsFoundWithinTheWindow() {
    IdempotencyKeys keys = IdempotencyKeys.EMPTY.with(entry("a", 1, T0), DAY);
    assertEquals(1, keys.find("a", T0.plus(Duration.ofHours(23)), DAY.window()).revision());
  }

  @Test
  void aKeyOlderThanTheWindowIsNotFound() {
    IdempotencyKeys keys = IdempotencyKeys.EMPTY.with(entry("a", 1, T0), DAY);
    assertNull(keys.find("a", T0.plus(Duration.ofHours(25)), DAY.window()));
  }

  @Test
  void keysOlderThanTheWindowAreForgottenAsNewOnesArrive() {
    IdempotencyKeys keys =
        IdempotencyKeys.EMPTY
            .with(entry("a", 1, T0), DAY)
            .with(entry("b", 2, T0.plus(Duration.ofHours(25))), DAY);
    assertEquals(1, keys.size());
    assertEquals("b", keys.entries().get(0).key());
  }

  @Test
  void beyondTheMostKeysTheOldestAreForgotten() {
    IdempotencyKeys keys = IdempotencyKeys.EMPTY;
    for (int i = 1; i <= 5; i++) {
      keys = keys.with(entry("k" + i, i, T0), DAY);
    }
    assertEquals(3, keys.size());
    assertNull(keys.find("k2", T0, DAY.window()));
    assertNotNull(keys.find("k3", T0, DAY.window()));
  }

  @Test
  void aKeyUsedAgainAfterItsWindowIsNotForgottenWithItsFirstUse() {
    IdempotencyKeys keys =
        IdempotencyKeys.EMPTY
            .with(entry("a", 1, T0), DAY)
            .with(entry("a", 2, T0.plus(Duration.ofHours(30))), DAY)
            .with(entry("b", 3, T0.plus(Duration.ofHours(31))), DAY);
    assertEquals(2, keys.find("a", T0.plus(Duration.ofHours(31)), DAY.window()).revision());
    assertEquals(2, keys.entries().size());
  }

  @Test
  void anEarlierVersionIsUnchangedByLaterOnes() {
    IdempotencyKeys first = IdempotencyKeys.EMPTY.with(entry("a", 1, T0), DAY);
    first.with(entry("b", 2, T0), DAY);
    assertEquals(1, first.size());
  }
}
