package io.castellan.engine.condition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import io.castellan.engine.condition.ParameterTypes.ConversionException;
import io.castellan.engine.model.ParameterType;
import io.castellan.engine.model.ParameterType.TypeName;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ParameterTypes}: the CEL type of each parameter type, and the conversion of JSON values
 * (as decoded to Java) to CEL values, with the messages of the values that do not convert.
 */
class ParameterTypesTest {

  private static final BigInteger TWO_TO_63 = BigInteger.ONE.shiftLeft(63);
  private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

  private static ParameterType type(TypeName name) {
    return ParameterType.of(name);
  }

  private static ParameterType generic(TypeName name, ParameterType element) {
    return new ParameterType(name, List.of(element));
  }

  private static Object convert(ParameterType type, Object value) throws ConversionException {
    return ParameterTypes.mapType(type).converter().convert(value);
  }

  /** A map that keeps null values and non-string keys, which Map.of refuses. */
  private static Map<Object, Object> mapOf(Object key, Object value) {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put(key, value);
    return map;
  }

  static Stream<Arguments> celTypes() {
    return Stream.of(
        arguments(type(TypeName.ANY), SimpleType.DYN),
        arguments(type(TypeName.BOOL), SimpleType.BOOL),
        arguments(type(TypeName.STRING), SimpleType.STRING),
        arguments(type(TypeName.INT), SimpleType.INT),
        arguments(type(TypeName.UINT), SimpleType.UINT),
        arguments(type(TypeName.DOUBLE), SimpleType.DOUBLE),
        arguments(type(TypeName.DURATION), SimpleType.DURATION),
        arguments(type(TypeName.TIMESTAMP), SimpleType.TIMESTAMP),
        arguments(type(TypeName.IPADDRESS), SimpleType.STRING),
        arguments(
            generic(TypeName.MAP, type(TypeName.INT)),
            MapType.create(SimpleType.STRING, SimpleType.INT)),
        arguments(
            generic(TypeName.LIST, type(TypeName.STRING)), ListType.create(SimpleType.STRING)),
        arguments(
            generic(TypeName.LIST, generic(TypeName.MAP, type(TypeName.IPADDRESS))),
            ListType.create(MapType.create(SimpleType.STRING, SimpleType.STRING))));
  }

  @ParameterizedTest(name = "{0} is CEL {1}")
  @MethodSource("celTypes")
  void mapsEachParameterTypeToItsCelType(ParameterType type, CelType celType) {
    assertEquals(celType, ParameterTypes.mapType(type).celType());
  }

  static Stream<Arguments> invalidTypes() {
    return Stream.of(
        arguments(null, "missing type name"),
        arguments(new ParameterType(null, List.of()), "missing type name"),
        arguments(type(TypeName.LIST), "type `list` requires 1 generic types; found 0"),
        arguments(type(TypeName.MAP), "type `map` requires 1 generic types; found 0"),
        arguments(
            new ParameterType(TypeName.MAP, List.of(type(TypeName.INT), type(TypeName.INT))),
            "type `map` requires 1 generic types; found 2"),
        arguments(
            generic(TypeName.INT, type(TypeName.STRING)),
            "type `int` requires 0 generic types; found 1"),
        arguments(
            generic(TypeName.LIST, type(TypeName.MAP)),
            "type `map` requires 1 generic types; found 0"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("invalidTypes")
  void rejectsInvalidParameterTypes(ParameterType type, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ParameterTypes.mapType(type));
    assertEquals(message, e.getMessage());
  }

  static Stream<Arguments> conversions() {
    ParameterType listOfInt = generic(TypeName.LIST, type(TypeName.INT));
    ParameterType mapOfString = generic(TypeName.MAP, type(TypeName.STRING));
    return Stream.of(
        arguments(type(TypeName.BOOL), true, true),
        arguments(type(TypeName.BOOL), false, false),
        arguments(type(TypeName.STRING), "abc", "abc"),
        arguments(type(TypeName.STRING), "", ""),
        // int: integral numbers of any Java type, and numeric strings
        arguments(type(TypeName.INT), 42, 42L),
        arguments(type(TypeName.INT), 42L, 42L),
        arguments(type(TypeName.INT), (short) 7, 7L),
        arguments(type(TypeName.INT), (byte) -7, -7L),
        arguments(type(TypeName.INT), 10.0, 10L),
        arguments(type(TypeName.INT), -0.0, 0L),
        arguments(type(TypeName.INT), BigInteger.valueOf(-5), -5L),
        arguments(type(TypeName.INT), new BigDecimal("1.000"), 1L),
        arguments(type(TypeName.INT), "42", 42L),
        arguments(type(TypeName.INT), "-42", -42L),
        arguments(type(TypeName.INT), "+42", 42L),
        arguments(type(TypeName.INT), "42.0", 42L),
        arguments(type(TypeName.INT), "1e3", 1000L),
        arguments(type(TypeName.INT), "9223372036854775807", Long.MAX_VALUE),
        arguments(type(TypeName.INT), "-9223372036854775808", Long.MIN_VALUE),
        // uint: the same, from 0 to 2^64 - 1
        arguments(type(TypeName.UINT), 42, UnsignedLong.valueOf(42)),
        arguments(type(TypeName.UINT), 0L, UnsignedLong.ZERO),
        arguments(type(TypeName.UINT), 5.0, UnsignedLong.valueOf(5)),
        arguments(type(TypeName.UINT), "7", UnsignedLong.valueOf(7)),
        arguments(type(TypeName.UINT), "1e2", UnsignedLong.valueOf(100)),
        arguments(type(TypeName.UINT), UnsignedLong.MAX_VALUE, UnsignedLong.MAX_VALUE),
        arguments(type(TypeName.UINT), "18446744073709551615", UnsignedLong.MAX_VALUE),
        arguments(type(TypeName.UINT), TWO_TO_64.subtract(BigInteger.ONE), UnsignedLong.MAX_VALUE),
        arguments(type(TypeName.UINT), TWO_TO_63, UnsignedLong.valueOf(TWO_TO_63)),
        // double: any number, and numeric strings
        arguments(type(TypeName.DOUBLE), 1, 1.0),
        arguments(type(TypeName.DOUBLE), 2L, 2.0),
        arguments(type(TypeName.DOUBLE), 1.5, 1.5),
        arguments(type(TypeName.DOUBLE), 1.5f, 1.5),
        arguments(type(TypeName.DOUBLE), -0.0, -0.0),
        arguments(type(TypeName.DOUBLE), "2.5", 2.5),
        arguments(type(TypeName.DOUBLE), "1e3", 1000.0),
        arguments(type(TypeName.DOUBLE), "-7", -7.0),
        arguments(type(TypeName.DOUBLE), new BigDecimal("0.1"), 0.1),
        arguments(type(TypeName.DOUBLE), TWO_TO_64, 1.8446744073709552E19),
        arguments(type(TypeName.DOUBLE), Double.MAX_VALUE, Double.MAX_VALUE),
        // duration: Go's syntax; timestamp: RFC 3339; both pass through when already converted
        arguments(type(TypeName.DURATION), "1h30m", Duration.ofMinutes(90)),
        arguments(type(TypeName.DURATION), "-1.5s", Duration.ofMillis(-1500)),
        arguments(type(TypeName.DURATION), "0", Duration.ZERO),
        arguments(type(TypeName.DURATION), Duration.ofSeconds(3), Duration.ofSeconds(3)),
        arguments(
            type(TypeName.TIMESTAMP),
            "2024-01-02T03:04:05+01:00",
            Instant.parse("2024-01-02T02:04:05Z")),
        arguments(
            type(TypeName.TIMESTAMP),
            "2024-01-02T03:04:05.5Z",
            Instant.parse("2024-01-02T03:04:05.500Z")),
        arguments(type(TypeName.TIMESTAMP), Instant.EPOCH, Instant.EPOCH),
        // ipaddress: a CEL string in netip's canonical form
        arguments(type(TypeName.IPADDRESS), "192.168.0.1", "192.168.0.1"),
        arguments(type(TypeName.IPADDRESS), "2001:DB8:0::1", "2001:db8::1"),
        arguments(type(TypeName.IPADDRESS), "::ffff:c000:201", "::ffff:192.0.2.1"),
        arguments(type(TypeName.IPADDRESS), "fe80::1%eth0", "fe80::1%eth0"),
        // any: numbers become doubles, null becomes CEL null, lists and maps are converted deeply
        arguments(type(TypeName.ANY), null, NullValue.NULL_VALUE),
        arguments(type(TypeName.ANY), 1, 1.0),
        arguments(type(TypeName.ANY), 1L, 1.0),
        arguments(type(TypeName.ANY), BigInteger.valueOf(5), 5.0),
        arguments(type(TypeName.ANY), new BigDecimal("2.5"), 2.5),
        arguments(type(TypeName.ANY), 2.5, 2.5),
        arguments(type(TypeName.ANY), "s", "s"),
        arguments(type(TypeName.ANY), true, true),
        arguments(
            type(TypeName.ANY),
            Arrays.asList(1, "a", null),
            Arrays.asList(1.0, "a", NullValue.NULL_VALUE)),
        arguments(
            type(TypeName.ANY),
            Map.of("a", List.of(1, Map.of("b", 2L))),
            Map.of("a", List.of(1.0, Map.of("b", 2.0)))),
        arguments(type(TypeName.ANY), mapOf(1, null), mapOf(1, NullValue.NULL_VALUE)),
        arguments(type(TypeName.ANY), Duration.ofSeconds(1), Duration.ofSeconds(1)),
        // list and map elements are converted to the element type
        arguments(listOfInt, List.of(1, "2", 3.0), List.of(1L, 2L, 3L)),
        arguments(listOfInt, List.of(), List.of()),
        arguments(mapOfString, Map.of("a", "x"), Map.of("a", "x")),
        arguments(mapOfString, Map.of(), Map.of()),
        arguments(
            generic(TypeName.MAP, type(TypeName.IPADDRESS)),
            Map.of("home", "::FFFF:10.0.0.1"),
            Map.of("home", "::ffff:10.0.0.1")),
        arguments(
            generic(TypeName.LIST, generic(TypeName.LIST, type(TypeName.DURATION))),
            List.of(List.of("1s"), List.of()),
            List.of(List.of(Duration.ofSeconds(1)), List.of())));
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @MethodSource("conversions")
  void convertsJsonValuesToCelValues(ParameterType type, Object value, Object expected)
      throws ConversionException {
    // equals is exact on the Java type: 42L is no 42, 1.0 no 1
    assertEquals(expected, convert(type, value));
  }

  static Stream<Arguments> conversionErrors() {
    ParameterType listOfInt = generic(TypeName.LIST, type(TypeName.INT));
    ParameterType mapOfString = generic(TypeName.MAP, type(TypeName.STRING));
    return Stream.of(
        arguments(type(TypeName.BOOL), "true", "expected type value 'bool', but found 'string'"),
        arguments(type(TypeName.BOOL), 1, "expected type value 'bool', but found 'number'"),
        arguments(type(TypeName.BOOL), null, "expected type value 'bool', but found 'null'"),
        arguments(type(TypeName.STRING), 1, "expected type value 'string', but found 'number'"),
        arguments(type(TypeName.STRING), true, "expected type value 'string', but found 'bool'"),
        arguments(
            type(TypeName.STRING), List.of(), "expected type value 'string', but found 'list'"),
        arguments(type(TypeName.STRING), Map.of(), "expected type value 'string', but found 'map'"),
        arguments(
            type(TypeName.STRING),
            Duration.ZERO,
            "expected type value 'string', but found 'Duration'"),
        // int
        arguments(type(TypeName.INT), 1.5, "expected an int value, but found numeric value '1.5'"),
        arguments(
            type(TypeName.INT), "1.50", "expected an int value, but found numeric value '1.5'"),
        arguments(
            type(TypeName.INT),
            new BigDecimal("1.5"),
            "expected an int value, but found numeric value '1.5'"),
        arguments(
            type(TypeName.INT),
            "abc",
            "expected a int64 value, but found invalid string value 'abc'"),
        arguments(
            type(TypeName.INT), "", "expected a int64 value, but found invalid string value ''"),
        arguments(
            type(TypeName.INT),
            " 1",
            "expected a int64 value, but found invalid string value ' 1'"),
        arguments(
            type(TypeName.INT),
            "0x10",
            "expected a int64 value, but found invalid string value '0x10'"),
        arguments(type(TypeName.INT), true, "expected type value 'int64', but found 'bool'"),
        arguments(type(TypeName.INT), null, "expected type value 'int64', but found 'null'"),
        arguments(type(TypeName.INT), List.of(1), "expected type value 'int64', but found 'list'"),
        arguments(
            type(TypeName.INT),
            TWO_TO_63,
            "expected an int value, but found out of range numeric value '9223372036854775808'"),
        arguments(
            type(TypeName.INT),
            "-9223372036854775809",
            "expected an int value, but found out of range numeric value '-9223372036854775809'"),
        arguments(
            type(TypeName.INT),
            1e19,
            "expected an int value, but found out of range numeric value '1.0E+19'"),
        arguments(
            type(TypeName.INT),
            Double.NaN,
            "expected a int64 value, but found numeric value 'NaN'"),
        arguments(
            type(TypeName.INT),
            Double.POSITIVE_INFINITY,
            "expected a int64 value, but found numeric value 'Infinity'"),
        // uint
        arguments(type(TypeName.UINT), -1, "expected a uint value, but found int64 value '-1'"),
        arguments(type(TypeName.UINT), "-1", "expected a uint value, but found int64 value '-1'"),
        arguments(type(TypeName.UINT), -1.0, "expected a uint value, but found int64 value '-1'"),
        arguments(type(TypeName.UINT), 1.5, "expected a uint value, but found numeric value '1.5'"),
        arguments(
            type(TypeName.UINT), -1.5, "expected a uint value, but found numeric value '-1.5'"),
        arguments(
            type(TypeName.UINT),
            "18446744073709551616",
            "expected a uint value, but found out of range numeric value '18446744073709551616'"),
        arguments(
            type(TypeName.UINT),
            "x",
            "expected a uint64 value, but found invalid string value 'x'"),
        arguments(type(TypeName.UINT), false, "expected type value 'uint64', but found 'bool'"),
        // double
        arguments(
            type(TypeName.DOUBLE),
            "abc",
            "expected a float64 value, but found invalid string value 'abc'"),
        arguments(
            type(TypeName.DOUBLE),
            "NaN",
            "expected a float64 value, but found invalid string value 'NaN'"),
        arguments(
            type(TypeName.DOUBLE),
            "1e400",
            "expected a float64 value, but found out of range numeric value '1e400'"),
        arguments(
            type(TypeName.DOUBLE),
            Double.NaN,
            "expected a float64 value, but found out of range numeric value 'NaN'"),
        arguments(
            type(TypeName.DOUBLE),
            Double.NEGATIVE_INFINITY,
            "expected a float64 value, but found out of range numeric value '-Infinity'"),
        arguments(type(TypeName.DOUBLE), true, "expected type value 'float64', but found 'bool'"),
        arguments(type(TypeName.DOUBLE), null, "expected type value 'float64', but found 'null'"),
        // duration, timestamp, ipaddress
        arguments(
            type(TypeName.DURATION), "1d", "expected a valid duration string, but found: '1d'"),
        arguments(type(TypeName.DURATION), "", "expected a valid duration string, but found: ''"),
        arguments(type(TypeName.DURATION), 5, "expected a duration string, but found: number '5'"),
        arguments(
            type(TypeName.DURATION), null, "expected a duration string, but found: null 'null'"),
        arguments(
            type(TypeName.TIMESTAMP),
            "2024-01-02",
            "expected RFC 3339 formatted timestamp string, but found '2024-01-02'"),
        arguments(
            type(TypeName.TIMESTAMP),
            1700000000,
            "expected RFC 3339 formatted timestamp string, but found: number '1700000000'"),
        arguments(
            type(TypeName.IPADDRESS),
            "999.0.0.1",
            "expected a well-formed IP address, but found: '999.0.0.1'"),
        arguments(
            type(TypeName.IPADDRESS),
            "localhost",
            "expected a well-formed IP address, but found: 'localhost'"),
        arguments(
            type(TypeName.IPADDRESS), 1, "expected an ipaddress string, but found: number '1'"),
        // list and map: the element's error, prefixed by where it is
        arguments(
            listOfInt,
            List.of(1, 1.5),
            "found an invalid list item at index `1`: expected an int value, but found numeric"
                + " value '1.5'"),
        arguments(listOfInt, "1", "list requires a list, found: string"),
        arguments(listOfInt, Map.of(), "list requires a list, found: map"),
        arguments(listOfInt, null, "list requires a list, found: null"),
        arguments(
            generic(TypeName.LIST, generic(TypeName.LIST, type(TypeName.STRING))),
            List.of(List.of("a", 1)),
            "found an invalid list item at index `0`: found an invalid list item at index `1`:"
                + " expected type value 'string', but found 'number'"),
        arguments(
            mapOfString,
            Map.of("a", 1),
            "found an invalid value for key 'a': expected type value 'string', but found 'number'"),
        arguments(mapOfString, mapOf(1, "x"), "map requires string keys, found: number"),
        arguments(mapOfString, List.of(), "map requires a map, found: list"),
        arguments(mapOfString, "x", "map requires a map, found: string"));
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @MethodSource("conversionErrors")
  void refusesValuesThatDoNotFitTheirType(ParameterType type, Object value, String message) {
    ConversionException e = assertThrows(ConversionException.class, () -> convert(type, value));
    assertEquals(message, e.getMessage());
  }
}
