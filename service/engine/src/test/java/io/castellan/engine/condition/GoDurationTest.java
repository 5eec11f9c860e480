package io.castellan.engine.condition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link GoDuration} against Go's {@code time.ParseDuration}; expected values are ISO 8601. */
class GoDurationTest {

  @ParameterizedTest(name = "\"{0}\" is {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1h30m                      | PT1H30M",
        "2h45m                      | PT2H45M",
        "-1.5h                      | PT-1H-30M",
        "+1.5h                      | PT1H30M",
        "300ms                      | PT0.3S",
        "1.5s                       | PT1.5S",
        "-2us                       | PT-0.000002S",
        "1us                        | PT0.000001S",
        // U+00B5 micro sign and U+03BC Greek mu
        "1\u00b5s                   | PT0.000001S",
        "1\u03bcs                   | PT0.000001S",
        "1ns                        | PT0.000000001S",
        "1m                         | PT1M",
        "1h                         | PT1H",
        "0                          | PT0S",
        "+0                         | PT0S",
        "-0                         | PT0S",
        "0s                         | PT0S",
        "0.0h                       | PT0S",
        "000001s                    | PT1S",
        ".5s                        | PT0.5S",
        "1.s                        | PT1S",
        "1h0.5m                     | PT1H0M30S",
        // units may repeat and come in any order
        "1h1h                       | PT2H",
        "1s1h                       | PT1H0M1S",
        // fractions below a nanosecond are cut, never rounded
        "1.5ns                      | PT0.000000001S",
        "0.9999999999s              | PT0.999999999S",
        "1.0000000001s              | PT1S",
        "0.1ns                      | PT0S",
        "9223372036854775807ns      | PT2562047H47M16.854775807S",
        "2562047h47m16.854775807s   | PT2562047H47M16.854775807S",
        "2562047h                   | PT2562047H",
        "-9223372036854775808ns     | PT-2562047H-47M-16.854775808S",
        "-2562047h47m16.854775808s  | PT-2562047H-47M-16.854775808S",
        // Go multiplies fractions in float64 and gets 29m59.999999999s here; this is exact
        "0.50000000000000h          | PT30M",
        // Go's float64 gives 1s here; this cuts to 999999999ns
        "0.99999999999999999s       | PT0.999999999S",
      })
  void parsesGoDurations(String input, String expected) {
    assertEquals(Duration.parse(expected), GoDuration.parse(input));
  }

  @ParameterizedTest(name = "\"{0}\" is not a duration")
  @CsvSource(
      delimiter = '|',
      value = {
        "''",
        "+",
        "-",
        "1",
        "10",
        "00",
        "1.5",
        "h",
        ".",
        ".s",
        "-.s",
        "1d",
        "1H",
        "1hr",
        "1sec",
        "1h30",
        "1h-30m",
        "1h-",
        "--1h",
        "+-1h",
        "1e3s",
        "0x10s",
        "1.2.3s",
        "' 1h'",
        "'1h '",
        "'1 h'",
        // overflow of the int64 count of nanoseconds
        "9223372036854775808ns",
        "-9223372036854775809ns",
        "9223372036854775807ns1ns",
        "99999999999999999999ns",
        "2562048h",
        "3000000h",
        "2562047h47m16.854775808s",
        "-2562047h47m16.854775809s",
        // Go returns 0 here: its uint64 total wraps from 2^63 + 2^63 to 0
        "9223372036854775808ns9223372036854775808ns",
      })
  void rejectsWhatGoRejects(String input) {
    assertNull(GoDuration.parse(input));
  }
}
