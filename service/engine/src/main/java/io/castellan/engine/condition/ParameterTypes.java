package io.castellan.engine.condition;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import io.castellan.engine.model.ParameterType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CEL type of each condition parameter type, and the conversion of the JSON values of a context
 * (as decoded to Java: String, Boolean, Number, List, Map, null) to CEL values of that type, with
 * OpenFGA's rules: numbers with a fraction are no {@code int}, numeric strings are accepted for
 * {@code int}, {@code uint} and {@code double}, durations use Go's syntax such as {@code 1h30m}
 * ({@link GoDuration}), timestamps are RFC 3339 ({@link Rfc3339}), {@code ipaddress} values are CEL
 * strings holding the address in canonical form ({@link IpAddress}).
 */
final class ParameterTypes {

  /** A parameter type's CEL type, and the converter of its JSON values to CEL values. */
  record TypeMapping(CelType celType, Converter converter) {}

  /** Converts a JSON-decoded value to the CEL value of one parameter type, or says why not. */
  @FunctionalInterface
  interface Converter {
    Object convert(Object value) throws ConversionException;
  }

  /** A value that does not fit its declared type; stackless, it is part of normal flow. */
  static final class ConversionException extends Exception {
    ConversionException(String message) {
      super(message, null, false, false);
    }
  }

  private ParameterTypes() {}

  /**
   * The CEL type and converter of a declared parameter type; {@link IllegalArgumentException} for a
   * type that is missing or has the wrong number of generic types.
   */
  static TypeMapping mapType(ParameterType type) {
    if (type == null || type.name() == null) {
      throw new IllegalArgumentException("missing type name");
    }
    List<ParameterType> generics = type.genericTypes() == null ? List.of() : type.genericTypes();
    ParameterType.TypeName typeName = type.name();
    boolean generic =
        typeName == ParameterType.TypeName.MAP || typeName == ParameterType.TypeName.LIST;
    if (generic && generics.size() != 1) {
      throw new IllegalArgumentException(
          "type `" + typeName.dslName + "` requires 1 generic types; found " + generics.size());
    }
    if (!generic && !generics.isEmpty()) {
      throw new IllegalArgumentException(
          "type `" + typeName.dslName + "` requires 0 generic types; found " + generics.size());
    }
    switch (typeName) {
      case ANY:
        return new TypeMapping(SimpleType.DYN, ParameterTypes::toDyn);
      case BOOL:
        return new TypeMapping(SimpleType.BOOL, ParameterTypes::toBool);
      case STRING:
        return new TypeMapping(SimpleType.STRING, ParameterTypes::toStringValue);
      case INT:
        return new TypeMapping(SimpleType.INT, ParameterTypes::toInt);
      case UINT:
        return new TypeMapping(SimpleType.UINT, ParameterTypes::toUint);
      case DOUBLE:
        return new TypeMapping(SimpleType.DOUBLE, ParameterTypes::toDouble);
      case DURATION:
        return new TypeMapping(SimpleType.DURATION, ParameterTypes::toDuration);
      case TIMESTAMP:
        return new TypeMapping(SimpleType.TIMESTAMP, ParameterTypes::toTimestamp);
      case IPADDRESS:
        return new TypeMapping(SimpleType.STRING, ParameterTypes::toIpAddressParameter);
      case MAP:
        {
          TypeMapping element = mapType(generics.get(0));
          return new TypeMapping(
              MapType.create(SimpleType.STRING, element.celType), mapConverter(element.converter));
        }
      case LIST:
        {
          TypeMapping element = mapType(generics.get(0));
          return new TypeMapping(
              ListType.create(element.celType), listConverter(element.converter));
        }
      default:
        throw new IllegalArgumentException("unsupported type " + typeName);
    }
  }

  private static String jsonTypeName(Object value) {
    if (value == null) {
      return "null";
    } else if (value instanceof String) {
      return "string";
    } else if (value instanceof Boolean) {
      return "bool";
    } else if (value instanceof Number) {
      return "number";
    } else if (value instanceof Map) {
      return "map";
    } else if (value instanceof List) {
      return "list";
    }
    return value.getClass().getSimpleName();
  }

  private static Object toBool(Object value) throws ConversionException {
    if (value instanceof Boolean) {
      return value;
    }
    throw new ConversionException(
        "expected type value 'bool', but found '" + jsonTypeName(value) + "'");
  }

  private static Object toStringValue(Object value) throws ConversionException {
    if (value instanceof String) {
      return value;
    }
    throw new ConversionException(
        "expected type value 'string', but found '" + jsonTypeName(value) + "'");
  }

  /**
   * {@code any}: passed through, except that numbers become doubles (OpenFGA receives every JSON
   * number as a float64), null becomes CEL null, and lists and maps are converted recursively.
   */
  private static Object toDyn(Object value) {
    if (value == null) {
      return NullValue.NULL_VALUE;
    } else if (value instanceof String || value instanceof Boolean || value instanceof Double) {
      return value;
    } else if (value instanceof Number n) {
      return n.doubleValue();
    } else if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(toDyn(item));
      }
      return out;
    } else if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>(map.size() * 2);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(e.getKey(), toDyn(e.getValue()));
      }
      return out;
    }
    return value;
  }

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final BigDecimal ULONG_MAX =
      new BigDecimal(UnsignedLong.MAX_VALUE.bigIntegerValue());

  /** A JSON number, or a string holding a decimal number (as OpenFGA accepts), as BigDecimal. */
  private static BigDecimal numeric(Object value, String goType) throws ConversionException {
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    } else if (value instanceof BigInteger bi) {
      return new BigDecimal(bi);
    } else if (value instanceof BigDecimal bd) {
      return bd;
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new ConversionException(
            "expected a " + goType + " value, but found numeric value '" + d + "'");
      }
      return BigDecimal.valueOf(d);
    } else if (value instanceof String s) {
      try {
        return new BigDecimal(s);
      } catch (NumberFormatException e) {
        throw new ConversionException(
            "expected a " + goType + " value, but found invalid string value '" + s + "'");
      }
    }
    throw new ConversionException(
        "expected type value '" + goType + "', but found '" + jsonTypeName(value) + "'");
  }

  private static boolean isIntegral(BigDecimal d) {
    return d.signum() == 0 || d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0;
  }

  private static Object toInt(Object value) throws ConversionException {
    if (value instanceof Long) {
      return value;
    } else if (value instanceof Integer i) {
      return i.longValue();
    }
    BigDecimal d = numeric(value, "int64");
    if (!isIntegral(d)) {
      throw new ConversionException(
          "expected an int value, but found numeric value '" + d.stripTrailingZeros() + "'");
    }
    if (d.compareTo(LONG_MIN) < 0 || d.compareTo(LONG_MAX) > 0) {
      throw new ConversionException(
          "expected an int value, but found out of range numeric value '" + d + "'");
    }
    return d.longValueExact();
  }

  private static Object toUint(Object value) throws ConversionException {
    if (value instanceof UnsignedLong) {
      return value;
    }
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0) {
      return UnsignedLong.fromLongBits(((Number) value).longValue());
    }
    BigDecimal d = numeric(value, "uint64");
    if (!isIntegral(d)) {
      throw new ConversionException(
          "expected a uint value, but found numeric value '" + d.stripTrailingZeros() + "'");
    }
    if (d.signum() < 0) {
      throw new ConversionException(
          "expected a uint value, but found int64 value '" + d.stripTrailingZeros() + "'");
    }
    if (d.compareTo(ULONG_MAX) > 0) {
      throw new ConversionException(
          "expected a uint value, but found out of range numeric value '" + d + "'");
    }
    return UnsignedLong.valueOf(d.toBigIntegerExact());
  }

  private static Object toDouble(Object value) throws ConversionException {
    double d;
    if (value instanceof Number n
        && !(value instanceof BigDecimal)
        && !(value instanceof BigInteger)) {
      d = n.doubleValue();
    } else {
      d = numeric(value, "float64").doubleValue();
    }
    // a value beyond the double range overflows to infinity: OpenFGA refuses it as out of range
    if (!Double.isFinite(d)) {
      throw new ConversionException(
          "expected a float64 value, but found out of range numeric value '" + value + "'");
    }
    return d;
  }

  private static Object toDuration(Object value) throws ConversionException {
    if (value instanceof Duration) {
      return value;
    }
    if (!(value instanceof String s)) {
      throw new ConversionException(
          "expected a duration string, but found: " + jsonTypeName(value) + " '" + value + "'");
    }
    Duration d = GoDuration.parse(s);
    if (d == null) {
      throw new ConversionException("expected a valid duration string, but found: '" + s + "'");
    }
    return d;
  }

  private static Object toTimestamp(Object value) throws ConversionException {
    if (value instanceof Instant) {
      return value;
    }
    if (!(value instanceof String s)) {
      throw new ConversionException(
          "expected RFC 3339 formatted timestamp string, but found: "
              + jsonTypeName(value)
              + " '"
              + value
              + "'");
    }
    Instant instant = Rfc3339.parse(s);
    if (instant == null) {
      throw new ConversionException(
          "expected RFC 3339 formatted timestamp string, but found '" + s + "'");
    }
    return instant;
  }

  private static Object toIpAddressParameter(Object value) throws ConversionException {
    if (!(value instanceof String s)) {
      throw new ConversionException(
          "expected an ipaddress string, but found: " + jsonTypeName(value) + " '" + value + "'");
    }
    IpAddress address = IpAddress.parse(s);
    if (address == null) {
      throw new ConversionException("expected a well-formed IP address, but found: '" + s + "'");
    }
    return address.canonical(s);
  }

  private static Converter mapConverter(Converter element) {
    return value -> {
      if (!(value instanceof Map<?, ?> map)) {
        throw new ConversionException("map requires a map, found: " + jsonTypeName(value));
      }
      Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new ConversionException(
              "map requires string keys, found: " + jsonTypeName(e.getKey()));
        }
        try {
          out.put(key, element.convert(e.getValue()));
        } catch (ConversionException ex) {
          throw new ConversionException(
              "found an invalid value for key '" + key + "': " + ex.getMessage());
        }
      }
      return out;
    };
  }

  private static Converter listConverter(Converter element) {
    return value -> {
      if (!(value instanceof List<?> list)) {
        throw new ConversionException("list requires a list, found: " + jsonTypeName(value));
      }
      List<Object> out = new ArrayList<>(list.size());
      int index = 0;
      for (Object item : list) {
        try {
          out.add(element.convert(item));
        } catch (ConversionException ex) {
          throw new ConversionException(
              "found an invalid list item at index `" + index + "`: " + ex.getMessage());
        }
        index++;
      }
      return out;
    };
  }
}
