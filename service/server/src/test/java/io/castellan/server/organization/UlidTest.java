package io.castellan.server.organization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each test uses times years apart from the others': ids made later sort later, whatever the test
 * order.
 */
class UlidTest {

  @Test
  void anIdIs26CrockfordCharactersStartingWithItsTime() {
    String id = Ulid.next(Instant.parse("2030-01-01T00:00:00Z"));
    assertTrue(id.matches("[0-9A-HJKMNP-TV-Z]{26}"), id);
    assertEquals("01Q3DCBD00", id.substring(0, 10), "the time, 48 bits in 10 characters");
  }

  @Test
  void idsMadeInTheSameMillisecondSortInTheOrderTheyWereMade() {
    Instant now = Instant.parse("2032-01-01T00:00:00.123Z");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      ids.add(Ulid.next(now));
    }
    List<String> sorted = new ArrayList<>(ids);
    sorted.sort(null);
    assertEquals(sorted, ids);
  }

  @Test
  void laterTimesSortLater() {
    String earlier = Ulid.next(Instant.parse("2034-01-01T00:00:00Z"));
    String later = Ulid.next(Instant.parse("2034-01-01T00:00:01Z"));
    assertTrue(later.compareTo(earlier) > 0, earlier + " then " + later);
  }
}
