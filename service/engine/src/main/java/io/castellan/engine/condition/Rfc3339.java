package io.castellan.engine.condition;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses RFC 3339 timestamps, the form of OpenFGA's {@code timestamp} parameters, as Go's {@code
 * time.Parse(time.RFC3339, s)} does: 'T' and 'Z' upper case, any number of fraction digits (cut to
 * nanoseconds), a 'Z' or a {@code ±hh:mm} offset, a date that exists.
 *
 * <p>Stricter than Go in two ways: offsets stop at ±18:00 (the range of {@link ZoneOffset}; Go
 * takes up to ±23:59), and the forms Go's general layout parser lets through when its strict RFC
 * 3339 path fails (a one-digit hour, a comma before the fraction, an offset hour of 24 or minute of
 * 60) are refused.
 */
final class Rfc3339 {

  private static final Pattern PATTERN =
      Pattern.compile(
          "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?(?:(Z)|([+-])(\\d{2}):(\\d{2}))");

  private Rfc3339() {}

  /** The instant {@code s} names; null if {@code s} is not such a timestamp or not a valid date. */
  static Instant parse(String s) {
    Matcher m = PATTERN.matcher(s);
    if (!m.matches()) {
      return null;
    }
    try {
      int nanos = 0;
      String fraction = m.group(7);
      if (fraction != null) {
        String nine =
            fraction.length() >= 9
                ? fraction.substring(0, 9)
                : (fraction + "000000000").substring(0, 9);
        nanos = Integer.parseInt(nine);
      }
      ZoneOffset offset;
      if (m.group(8) != null) {
        offset = ZoneOffset.UTC;
      } else {
        int hours = Integer.parseInt(m.group(10));
        int minutes = Integer.parseInt(m.group(11));
        if (hours > 23 || minutes > 59) {
          return null;
        }
        int sign = "-".equals(m.group(9)) ? -1 : 1;
        offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
      }
      return OffsetDateTime.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              Integer.parseInt(m.group(4)),
              Integer.parseInt(m.group(5)),
              Integer.parseInt(m.group(6)),
              nanos,
              offset)
          .toInstant();
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }
}
