package io.castellan.engine.condition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Rfc3339} against Go's {@code time.Parse(time.RFC3339, s)}; expected instants in UTC. */
class Rfc3339Test {

  @ParameterizedTest(name = "\"{0}\" is {1}")
  @CsvSource({
    "2024-01-02T03:04:05Z,                  2024-01-02T03:04:05Z",
    "2024-01-02T03:04:05+00:00,             2024-01-02T03:04:05Z",
    "2024-01-02T03:04:05-00:00,             2024-01-02T03:04:05Z",
    "2024-01-02T03:04:05+01:00,             2024-01-02T02:04:05Z",
    "2024-01-02T03:04:05-05:30,             2024-01-02T08:34:05Z",
    "2024-01-02T03:04:05+05:45,             2024-01-01T21:19:05Z",
    "2024-01-01T00:30:00+01:00,             2023-12-31T23:30:00Z",
    "2023-12-31T23:30:00-01:00,             2024-01-01T00:30:00Z",
    "2024-01-02T03:04:05+18:00,             2024-01-01T09:04:05Z",
    "2024-01-02T03:04:05-18:00,             2024-01-02T21:04:05Z",
    "2024-01-02T03:04:05.5Z,                2024-01-02T03:04:05.5Z",
    "2024-01-02T03:04:05.000Z,              2024-01-02T03:04:05Z",
    "2024-01-02T03:04:05.123456789Z,        2024-01-02T03:04:05.123456789Z",
    "2024-01-02T03:04:05.123+02:00,         2024-01-02T01:04:05.123Z",
    // digits beyond the nanosecond are cut, never rounded
    "2024-01-02T03:04:05.1234567891Z,       2024-01-02T03:04:05.123456789Z",
    "2024-01-02T03:04:05.999999999999Z,     2024-01-02T03:04:05.999999999Z",
    "2024-02-29T00:00:00Z,                  2024-02-29T00:00:00Z",
    "2000-02-29T12:00:00Z,                  2000-02-29T12:00:00Z",
    "1970-01-01T00:00:00Z,                  1970-01-01T00:00:00Z",
    "0000-01-01T00:00:00Z,                  0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999999Z,        9999-12-31T23:59:59.999999999Z",
  })
  void parsesRfc3339Timestamps(String input, String expected) {
    assertEquals(Instant.parse(expected), Rfc3339.parse(input));
  }

  @ParameterizedTest(name = "\"{0}\" is not a timestamp")
  @CsvSource({
    "''",
    "2024-01-02",
    "2024-01-02T03:04:05",
    "03:04:05Z",
    // 'T' and 'Z' are upper case only, as in Go
    "2024-01-02t03:04:05Z",
    "2024-01-02T03:04:05z",
    "2024-01-02 03:04:05Z",
    "2024-01-02T03:04Z",
    "2024-1-02T03:04:05Z",
    "2024-01-2T03:04:05Z",
    "24-01-02T03:04:05Z",
    "+2024-01-02T03:04:05Z",
    "12024-01-02T03:04:05Z",
    "2024-01-02T03:04:05UTC",
    "2024-01-02T03:04:05Z+01:00",
    "2024-01-02T03:04:05+0100",
    "2024-01-02T03:04:05+01",
    "2024-01-02T03:04:05+1:00",
    "2024-01-02T03:04:05.Z",
    "'2024-01-02T03:04:05Z '",
    "' 2024-01-02T03:04:05Z'",
    "\uff12\uff10\uff12\uff14-01-02T03:04:05Z",
    // dates and times that do not exist
    "2024-00-01T00:00:00Z",
    "2024-13-01T00:00:00Z",
    "2024-01-00T00:00:00Z",
    "2024-01-32T00:00:00Z",
    "2024-02-30T00:00:00Z",
    "2023-02-29T00:00:00Z",
    "1900-02-29T00:00:00Z",
    "2024-04-31T00:00:00Z",
    "2024-01-02T24:00:00Z",
    "2024-01-02T23:60:00Z",
    "2024-01-02T23:59:60Z",
  })
  void rejectsWhatGoRejects(String input) {
    assertNull(Rfc3339.parse(input));
  }

  /**
   * Refused here although Go's {@code time.Parse(time.RFC3339, s)} accepts them: offsets beyond
   * ±18:00 (the range of {@link java.time.ZoneOffset}; Go takes up to ±23:59), and the forms Go's
   * general layout parser lets through when its strict RFC 3339 path fails (go.dev/issue/54580).
   */
  @ParameterizedTest(name = "\"{0}\" is refused, unlike in Go")
  @CsvSource({
    "2024-01-02T03:04:05+18:01",
    "2024-01-02T03:04:05+19:00",
    "2024-01-02T03:04:05-23:59",
    // Go's general parser: offset hour 24, offset minute 60
    "2024-01-02T03:04:05+24:00",
    "2024-01-02T03:04:05+01:60",
    // Go's general parser: a one-digit hour, a comma before the fraction
    "2024-01-02T3:04:05Z",
    "'2024-01-02T03:04:05,5Z'",
  })
  void refusesWhatGoAcceptsLeniently(String input) {
    assertNull(Rfc3339.parse(input));
  }
}
