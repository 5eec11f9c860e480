package io.castellan.engine.condition;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Parses durations written in the syntax of Go's {@code time.ParseDuration}, the syntax of
 * OpenFGA's {@code duration} parameters: a sequence of decimal numbers, each with an optional
 * fraction and a unit suffix (ns, us, µs, μs, ms, s, m, h), optionally signed; "0" alone is
 * allowed. The total must fit an int64 count of nanoseconds, as a Go {@code time.Duration} does.
 *
 * <p>Fractions are exact here (cut to the nanosecond) where Go multiplies them in float64, so with
 * 14 or more fraction digits Go can be a nanosecond off from this, e.g. 29m59.999999999s for {@code
 * 0.50000000000000h}.
 */
final class GoDuration {

  private static final BigInteger MAX_GO_DURATION = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger MIN_GO_DURATION_MAGNITUDE = BigInteger.ONE.shiftLeft(63);

  private GoDuration() {}

  /**
   * Parses {@code s} as {@code time.ParseDuration} does; null if {@code s} is not such a string (an
   * unknown or missing unit, no digits, a total beyond the int64 range of nanoseconds).
   */
  static Duration parse(String s) {
    int p = 0;
    int n = s.length();
    boolean negative = false;
    if (p < n && (s.charAt(p) == '-' || s.charAt(p) == '+')) {
      negative = s.charAt(p) == '-';
      p++;
    }
    if (p == n - 1 && s.charAt(p) == '0') {
      return Duration.ZERO;
    }
    if (p == n) {
      return null;
    }
    BigDecimal totalNanos = BigDecimal.ZERO;
    while (p < n) {
      int numberStart = p;
      while (p < n && isDigit(s.charAt(p))) {
        p++;
      }
      boolean hasInteger = p > numberStart;
      boolean hasFraction = false;
      if (p < n && s.charAt(p) == '.') {
        p++;
        int fractionStart = p;
        while (p < n && isDigit(s.charAt(p))) {
          p++;
        }
        hasFraction = p > fractionStart;
      }
      if (!hasInteger && !hasFraction) {
        return null;
      }
      String number = s.substring(numberStart, p);
      int unitStart = p;
      while (p < n && s.charAt(p) != '.' && !isDigit(s.charAt(p))) {
        p++;
      }
      long unitNanos;
      switch (s.substring(unitStart, p)) {
        case "ns":
          unitNanos = 1L;
          break;
        case "us":
        case "\u00b5s":
        case "\u03bcs":
          unitNanos = 1_000L;
          break;
        case "ms":
          unitNanos = 1_000_000L;
          break;
        case "s":
          unitNanos = 1_000_000_000L;
          break;
        case "m":
          unitNanos = 60_000_000_000L;
          break;
        case "h":
          unitNanos = 3_600_000_000_000L;
          break;
        default:
          return null; // missing or unknown unit
      }
      if (number.startsWith(".")) {
        number = "0" + number;
      }
      if (number.endsWith(".")) {
        number = number.substring(0, number.length() - 1);
      }
      BigDecimal component =
          new BigDecimal(number)
              .multiply(BigDecimal.valueOf(unitNanos))
              .setScale(0, RoundingMode.DOWN);
      totalNanos = totalNanos.add(component);
      if (totalNanos.toBigInteger().compareTo(MIN_GO_DURATION_MAGNITUDE) > 0) {
        return null; // overflow
      }
    }
    BigInteger nanos = totalNanos.toBigInteger();
    if (!negative && nanos.compareTo(MAX_GO_DURATION) > 0) {
      return null;
    }
    if (negative) {
      nanos = nanos.negate();
    }
    return Duration.ofNanos(nanos.longValue());
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
