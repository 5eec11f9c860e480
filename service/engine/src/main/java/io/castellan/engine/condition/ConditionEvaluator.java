package io.castellan.engine.condition;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.castellan.engine.EngineException;
import io.castellan.engine.ErrorCode;
import io.castellan.engine.model.ConditionDefinition;
import io.castellan.engine.model.ParameterType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model's relationship conditions, compiled once into CEL programs and evaluated against the
 * context stored on a tuple merged with the context of a request, with OpenFGA's semantics:
 *
 * <ul>
 *   <li>on a key present in both contexts the tuple's value wins;
 *   <li>context entries that are not declared parameters are ignored at evaluation (but rejected
 *       when a tuple is written, see {@link #validateContext});
 *   <li>a declared parameter missing from both contexts is an error, not {@code false};
 *   <li>JSON values are converted to the declared parameter type (numbers with a fraction are no
 *       {@code int}, numeric strings are accepted for {@code int}, {@code uint} and {@code double},
 *       durations use Go's syntax such as {@code 1h30m}, timestamps are RFC 3339);
 *   <li>a condition must type-check to exactly {@code bool} ({@code dyn} is rejected).
 * </ul>
 *
 * <p>{@code ipaddress} parameters are CEL strings holding the address in canonical form (as Go's
 * {@code netip.Addr.String()} prints it); {@code string.in_cidr(string)} tests membership in a
 * CIDR and {@code ipaddress(string)} parses a literal. Only literals are parsed, never host names.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ConditionEvaluator {

  /** An evaluator for a model without conditions. */
  public static final ConditionEvaluator NONE = new ConditionEvaluator(Map.of());

  private static final String IN_CIDR_OVERLOAD = "string_in_cidr_string";
  private static final String TO_IPADDRESS_OVERLOAD = "string_to_ipaddress";

  /**
   * Heterogeneous numeric comparisons are on because cel-go (OpenFGA) compares a double with an
   * int at run time, which matters for numbers inside {@code any} values (always doubles, as JSON
   * numbers are in OpenFGA). In dev.cel the same switch also lets the checker accept {@code int <
   * double}, which cel-go's checker rejects; that is the one way we are more lenient.
   */
  private static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .evaluateCanonicalTypesToNativeValues(true)
          .enableUnsignedLongs(true)
          .build();

  private static final CelCompiler BASE_COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setOptions(OPTIONS)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addFunctionDeclarations(
              CelFunctionDecl.newFunctionDeclaration(
                  "in_cidr",
                  CelOverloadDecl.newMemberOverload(
                      IN_CIDR_OVERLOAD, SimpleType.BOOL, SimpleType.STRING, SimpleType.STRING)),
              CelFunctionDecl.newFunctionDeclaration(
                  "ipaddress",
                  CelOverloadDecl.newGlobalOverload(
                      TO_IPADDRESS_OVERLOAD, SimpleType.STRING, SimpleType.STRING)))
          .setResultType(SimpleType.BOOL)
          .build();

  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .setOptions(OPTIONS)
          .addFunctionBindings(
              CelFunctionBinding.from(
                  IN_CIDR_OVERLOAD, String.class, String.class, ConditionEvaluator::inCidr),
              CelFunctionBinding.from(
                  TO_IPADDRESS_OVERLOAD, String.class, ConditionEvaluator::toIpAddress))
          .build();

  private final Map<String, CompiledCondition> conditions;

  private ConditionEvaluator(Map<String, CompiledCondition> conditions) {
    this.conditions = conditions;
  }

  /**
   * Compiles every condition once (type-checked CEL, result type bool). A condition that does not
   * compile throws {@link ErrorCode#INVALID_AUTHORIZATION_MODEL} naming the condition and the CEL
   * error.
   */
  public static ConditionEvaluator compile(Map<String, ConditionDefinition> conditions) {
    if (conditions == null || conditions.isEmpty()) {
      return NONE;
    }
    Map<String, CompiledCondition> compiled = new HashMap<>(conditions.size() * 2);
    for (Map.Entry<String, ConditionDefinition> entry : conditions.entrySet()) {
      String name = entry.getKey();
      compiled.put(name, compileOne(name, entry.getValue()));
    }
    return new ConditionEvaluator(Collections.unmodifiableMap(compiled));
  }

  public boolean has(String conditionName) {
    return conditionName != null && conditions.containsKey(conditionName);
  }

  /**
   * Evaluates the named condition against the tuple's context merged with the request's (the
   * tuple's value wins on a clash). Missing parameters, values not convertible to their declared
   * type and CEL runtime errors throw {@link ErrorCode#VALIDATION_ERROR}.
   */
  public boolean evaluate(
      String conditionName, Map<String, Object> tupleContext, Map<String, Object> requestContext) {
    CompiledCondition condition = conditionName == null ? null : conditions.get(conditionName);
    if (condition == null) {
      throw new EngineException(
          ErrorCode.VALIDATION_ERROR,
          "failed to evaluate relationship condition '" + conditionName + "': condition was not found");
    }
    boolean hasTuple = tupleContext != null && !tupleContext.isEmpty();
    boolean hasRequest = requestContext != null && !requestContext.isEmpty();

    String[] names = condition.parameterNames;
    Converter[] converters = condition.converters;
    Map<String, Object> activation = new HashMap<>(names.length * 2);
    List<String> missing = null;
    for (int i = 0; i < names.length; i++) {
      String name = names[i];
      Object raw;
      if (hasTuple && tupleContext.containsKey(name)) {
        raw = tupleContext.get(name);
      } else if (hasRequest && requestContext.containsKey(name)) {
        raw = requestContext.get(name);
      } else {
        if (missing == null) {
          missing = new ArrayList<>(names.length);
        }
        missing.add(name);
        continue;
      }
      try {
        activation.put(name, converters[i].convert(raw));
      } catch (ConversionException e) {
        throw parameterTypeError(condition.name, name, e);
      }
    }
    if (missing != null) {
      throw new EngineException(
          ErrorCode.VALIDATION_ERROR,
          "failed to evaluate relationship condition '"
              + condition.name
              + "': context is missing parameters '["
              + String.join(" ", missing)
              + "]'");
    }

    Object result;
    try {
      result = condition.program.eval(activation);
    } catch (CelEvaluationException | RuntimeException e) {
      throw new EngineException(
          ErrorCode.VALIDATION_ERROR,
          "failed to evaluate relationship condition '"
              + condition.name
              + "': failed to evaluate condition expression: "
              + e.getMessage());
    }
    if (result instanceof Boolean b) {
      return b;
    }
    throw new EngineException(
        ErrorCode.VALIDATION_ERROR,
        "failed to evaluate relationship condition '"
            + condition.name
            + "': failed to convert condition output to bool: "
            + result);
  }

  /**
   * Validates a context that a tuple will store: every key must be a declared parameter of the
   * condition and convertible to its type; otherwise {@link ErrorCode#VALIDATION_ERROR}.
   */
  public void validateContext(String conditionName, Map<String, Object> context) {
    CompiledCondition condition = conditionName == null ? null : conditions.get(conditionName);
    if (condition == null) {
      throw new EngineException(
          ErrorCode.VALIDATION_ERROR, "undefined condition '" + conditionName + "'");
    }
    if (context == null || context.isEmpty()) {
      return;
    }
    // Like OpenFGA: type errors on declared parameters first, then keys that are not parameters.
    String[] names = condition.parameterNames;
    for (int i = 0; i < names.length; i++) {
      if (context.containsKey(names[i])) {
        try {
          condition.converters[i].convert(context.get(names[i]));
        } catch (ConversionException e) {
          throw parameterTypeError(condition.name, names[i], e);
        }
      }
    }
    for (String key : context.keySet()) {
      if (!condition.parameterIndex.containsKey(key)) {
        throw new EngineException(
            ErrorCode.VALIDATION_ERROR, "found invalid context parameter: " + key);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Compilation

  private static final class CompiledCondition {
    final String name;
    final String[] parameterNames;
    final Converter[] converters;
    final Map<String, Integer> parameterIndex;
    final CelRuntime.Program program;

    CompiledCondition(
        String name, String[] parameterNames, Converter[] converters, CelRuntime.Program program) {
      this.name = name;
      this.parameterNames = parameterNames;
      this.converters = converters;
      this.program = program;
      Map<String, Integer> index = new HashMap<>(parameterNames.length * 2);
      for (int i = 0; i < parameterNames.length; i++) {
        index.put(parameterNames[i], i);
      }
      this.parameterIndex = Collections.unmodifiableMap(index);
    }
  }

  private static CompiledCondition compileOne(String name, ConditionDefinition definition) {
    if (definition == null || definition.expression() == null) {
      throw compilationError(name, "the condition has no expression");
    }
    Map<String, ParameterType> parameters =
        definition.parameters() == null ? Map.of() : definition.parameters();
    String[] names = new String[parameters.size()];
    Converter[] converters = new Converter[parameters.size()];
    CelCompilerBuilder builder = BASE_COMPILER.toCompilerBuilder();
    int i = 0;
    for (Map.Entry<String, ParameterType> parameter : parameters.entrySet()) {
      String parameterName = parameter.getKey();
      TypeMapping mapping;
      try {
        mapping = mapType(parameter.getValue());
      } catch (IllegalArgumentException e) {
        throw compilationError(
            name,
            "failed to decode parameter type for parameter '" + parameterName + "': " + e.getMessage());
      }
      builder.addVar(parameterName, mapping.celType);
      names[i] = parameterName;
      converters[i] = mapping.converter;
      i++;
    }

    CelRuntime.Program program;
    try {
      CelValidationResult result = builder.build().compile(definition.expression(), name);
      if (result.hasError()) {
        throw compilationError(name, result.getErrorString());
      }
      CelAbstractSyntaxTree ast = result.getAst();
      // OpenFGA requires the output type to be exactly bool; a dyn expression is refused.
      if (!SimpleType.BOOL.equals(ast.getResultType())) {
        throw compilationError(
            name,
            "expected a bool condition expression output, but got '"
                + ast.getResultType().name()
                + "'");
      }
      program = RUNTIME.createProgram(ast);
    } catch (EngineException e) {
      throw e;
    } catch (Exception e) {
      throw compilationError(name, String.valueOf(e.getMessage()));
    }
    return new CompiledCondition(name, names, converters, program);
  }

  private static EngineException compilationError(String condition, String cause) {
    return new EngineException(
        ErrorCode.INVALID_AUTHORIZATION_MODEL,
        "failed to compile expression on condition '" + condition + "': " + cause);
  }

  private static EngineException parameterTypeError(
      String condition, String parameter, ConversionException e) {
    return new EngineException(
        ErrorCode.VALIDATION_ERROR,
        "parameter type error on condition '"
            + condition
            + "': failed to convert context parameter '"
            + parameter
            + "': "
            + e.getMessage());
  }

  private record TypeMapping(CelType celType, Converter converter) {}

  private static TypeMapping mapType(ParameterType type) {
    if (type == null || type.name() == null) {
      throw new IllegalArgumentException("missing type name");
    }
    List<ParameterType> generics = type.genericTypes() == null ? List.of() : type.genericTypes();
    ParameterType.TypeName typeName = type.name();
    boolean generic = typeName == ParameterType.TypeName.MAP || typeName == ParameterType.TypeName.LIST;
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
        return new TypeMapping(SimpleType.DYN, ConditionEvaluator::toDyn);
      case BOOL:
        return new TypeMapping(SimpleType.BOOL, ConditionEvaluator::toBool);
      case STRING:
        return new TypeMapping(SimpleType.STRING, ConditionEvaluator::toStringValue);
      case INT:
        return new TypeMapping(SimpleType.INT, ConditionEvaluator::toInt);
      case UINT:
        return new TypeMapping(SimpleType.UINT, ConditionEvaluator::toUint);
      case DOUBLE:
        return new TypeMapping(SimpleType.DOUBLE, ConditionEvaluator::toDouble);
      case DURATION:
        return new TypeMapping(SimpleType.DURATION, ConditionEvaluator::toDuration);
      case TIMESTAMP:
        return new TypeMapping(SimpleType.TIMESTAMP, ConditionEvaluator::toTimestamp);
      case IPADDRESS:
        return new TypeMapping(SimpleType.STRING, ConditionEvaluator::toIpAddressParameter);
      case MAP:
        {
          TypeMapping element = mapType(generics.get(0));
          return new TypeMapping(
              MapType.create(SimpleType.STRING, element.celType), mapConverter(element.converter));
        }
      case LIST:
        {
          TypeMapping element = mapType(generics.get(0));
          return new TypeMapping(ListType.create(element.celType), listConverter(element.converter));
        }
      default:
        throw new IllegalArgumentException("unsupported type " + typeName);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Value conversion (JSON-decoded Java values -> CEL runtime values)

  @FunctionalInterface
  private interface Converter {
    Object convert(Object value) throws ConversionException;
  }

  /** A value that does not fit its declared type; stackless, it is part of normal flow. */
  private static final class ConversionException extends Exception {
    ConversionException(String message) {
      super(message, null, false, false);
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
  private static final BigDecimal ULONG_MAX = new BigDecimal(UnsignedLong.MAX_VALUE.bigIntegerValue());

  /** A JSON number, or a string holding a decimal number (as OpenFGA accepts), as BigDecimal. */
  private static BigDecimal numeric(Object value, String goType) throws ConversionException {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    } else if (value instanceof BigInteger bi) {
      return new BigDecimal(bi);
    } else if (value instanceof BigDecimal bd) {
      return bd;
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new ConversionException("expected a " + goType + " value, but found numeric value '" + d + "'");
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
    if (value instanceof Number n && !(value instanceof BigDecimal) && !(value instanceof BigInteger)) {
      d = n.doubleValue();
    } else {
      d = numeric(value, "float64").doubleValue();
    }
    // a value beyond the double range overflows to infinity: OpenFGA refuses it as out of range
    if (!Double.isFinite(d)) {
      throw new ConversionException("expected a float64 value, but found out of range numeric value '" + value + "'");
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
    Duration d = parseGoDuration(s);
    if (d == null) {
      throw new ConversionException("expected a valid duration string, but found: '" + s + "'");
    }
    return d;
  }

  private static final Pattern RFC3339 =
      Pattern.compile(
          "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?(?:(Z)|([+-])(\\d{2}):(\\d{2}))");

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
    Instant instant = parseRfc3339(s);
    if (instant == null) {
      throw new ConversionException(
          "expected RFC 3339 formatted timestamp string, but found '" + s + "'");
    }
    return instant;
  }

  /** Go's {@code time.Parse(time.RFC3339, s)}: 'T' and 'Z' upper case, any number of fraction digits. */
  static Instant parseRfc3339(String s) {
    Matcher m = RFC3339.matcher(s);
    if (!m.matches()) {
      return null;
    }
    try {
      int nanos = 0;
      String fraction = m.group(7);
      if (fraction != null) {
        String nine = fraction.length() >= 9 ? fraction.substring(0, 9) : (fraction + "000000000").substring(0, 9);
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

  private static final BigInteger MAX_GO_DURATION = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger MIN_GO_DURATION_MAGNITUDE = BigInteger.ONE.shiftLeft(63);

  /**
   * Go's {@code time.ParseDuration}: a sequence of decimal numbers, each with an optional fraction
   * and a unit suffix (ns, us, µs, μs, ms, s, m, h), optionally signed; "0" alone is allowed. The
   * total must fit an int64 count of nanoseconds. Returns null if {@code s} is not such a string.
   */
  static Duration parseGoDuration(String s) {
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
          new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos)).setScale(0, RoundingMode.DOWN);
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
          throw new ConversionException("map requires string keys, found: " + jsonTypeName(e.getKey()));
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

  // ---------------------------------------------------------------------------------------------
  // IP addresses (parsing of literals only, with Go net/netip's rules)

  private static Object inCidr(String ip, String cidr) throws CelEvaluationException {
    IpPrefix prefix = IpPrefix.parse(cidr);
    if (prefix == null) {
      throw new CelEvaluationException("'" + cidr + "' is a malformed CIDR string");
    }
    IpAddress address = IpAddress.parse(ip);
    if (address == null) {
      throw new CelEvaluationException("'" + ip + "' is not a well-formed IP address");
    }
    return prefix.contains(address);
  }

  private static Object toIpAddress(String ip) throws CelEvaluationException {
    IpAddress address = IpAddress.parse(ip);
    if (address == null) {
      throw new CelEvaluationException("'" + ip + "' is not a well-formed IP address");
    }
    return address.canonical(ip);
  }

  /** An IPv4 (4 bytes) or IPv6 (16 bytes, maybe with a zone) address. */
  static final class IpAddress {
    final byte[] bytes;
    final String zone; // IPv6 only; null when absent

    private IpAddress(byte[] bytes, String zone) {
      this.bytes = bytes;
      this.zone = zone;
    }

    /** Go's {@code netip.ParseAddr}; null if {@code s} is not an IP address literal. */
    static IpAddress parse(String s) {
      if (s == null || s.isEmpty()) {
        return null;
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '.') {
          byte[] v4 = parseIPv4(s, 0, s.length());
          return v4 == null ? null : new IpAddress(v4, null);
        } else if (c == ':') {
          int end = s.length();
          String zone = null;
          int percent = s.indexOf('%');
          if (percent >= 0) {
            zone = s.substring(percent + 1);
            if (zone.isEmpty()) {
              return null;
            }
            end = percent;
          }
          byte[] v6 = parseIPv6(s, end);
          return v6 == null ? null : new IpAddress(v6, zone);
        } else if (c == '%') {
          return null; // a zone needs an IPv6 address before it
        }
      }
      return null;
    }

    boolean isV4() {
      return bytes.length == 4;
    }

    /** The form Go's {@code netip.Addr.String()} prints; IPv4 literals are already canonical. */
    String canonical(String original) {
      if (isV4()) {
        return original;
      }
      StringBuilder out = new StringBuilder(40);
      boolean v4Mapped = true;
      for (int i = 0; i < 10; i++) {
        if (bytes[i] != 0) {
          v4Mapped = false;
          break;
        }
      }
      if (v4Mapped && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
        out.append("::ffff:")
            .append(bytes[12] & 0xff).append('.')
            .append(bytes[13] & 0xff).append('.')
            .append(bytes[14] & 0xff).append('.')
            .append(bytes[15] & 0xff);
      } else {
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
          if (group(i) == 0) {
            int j = i;
            while (j < 8 && group(j) == 0) {
              j++;
            }
            if (j - i > bestLength && j - i >= 2) {
              bestStart = i;
              bestLength = j - i;
            }
            i = j;
          } else {
            i++;
          }
        }
        for (int i = 0; i < 8; i++) {
          if (i == bestStart) {
            out.append("::");
            i += bestLength - 1;
            continue;
          }
          if (i > 0 && i != bestStart + bestLength) {
            out.append(':');
          }
          out.append(Integer.toHexString(group(i)));
        }
      }
      if (zone != null) {
        out.append('%').append(zone);
      }
      return out.toString();
    }

    private int group(int i) {
      return ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }

    /** Exactly four decimal octets, no leading zeros, each at most 255. */
    static byte[] parseIPv4(String s, int from, int to) {
      byte[] out = new byte[4];
      int field = 0;
      int value = 0;
      int digits = 0;
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        if (c >= '0' && c <= '9') {
          if (digits == 1 && value == 0) {
            return null; // leading zero
          }
          value = value * 10 + (c - '0');
          digits++;
          if (value > 255) {
            return null;
          }
        } else if (c == '.') {
          if (digits == 0 || field == 3) {
            return null;
          }
          out[field++] = (byte) value;
          value = 0;
          digits = 0;
        } else {
          return null;
        }
      }
      if (field != 3 || digits == 0) {
        return null;
      }
      out[3] = (byte) value;
      return out;
    }

    private static int hexValue(char c) {
      if (c >= '0' && c <= '9') {
        return c - '0';
      } else if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
      }
      return -1;
    }

    /** RFC 4291 text form, with at most one "::" and an optional trailing dotted IPv4. */
    static byte[] parseIPv6(String s, int end) {
      byte[] ip = new byte[16];
      int ellipsis = -1;
      int i = 0;
      int p = 0;
      if (end >= 2 && s.charAt(0) == ':' && s.charAt(1) == ':') {
        ellipsis = 0;
        p = 2;
        if (p == end) {
          return ip;
        }
      }
      while (i < 16) {
        int start = p;
        int acc = 0;
        int digits = 0;
        while (p < end) {
          int h = hexValue(s.charAt(p));
          if (h < 0) {
            break;
          }
          acc = (acc << 4) | h;
          digits++;
          p++;
          if (digits > 4) {
            return null;
          }
        }
        if (digits == 0) {
          return null;
        }
        if (p < end && s.charAt(p) == '.') {
          if ((ellipsis < 0 && i != 12) || i + 4 > 16) {
            return null;
          }
          byte[] v4 = parseIPv4(s, start, end);
          if (v4 == null) {
            return null;
          }
          System.arraycopy(v4, 0, ip, i, 4);
          i += 4;
          p = end;
          break;
        }
        ip[i] = (byte) (acc >> 8);
        ip[i + 1] = (byte) acc;
        i += 2;
        if (p == end) {
          break;
        }
        if (s.charAt(p) != ':') {
          return null;
        }
        p++;
        if (p == end) {
          return null; // trailing single colon
        }
        if (s.charAt(p) == ':') {
          if (ellipsis >= 0) {
            return null; // second "::"
          }
          ellipsis = i;
          p++;
          if (p == end) {
            break;
          }
        }
      }
      if (p != end) {
        return null; // too long
      }
      if (i < 16) {
        if (ellipsis < 0) {
          return null; // too short
        }
        int shift = 16 - i;
        for (int j = i - 1; j >= ellipsis; j--) {
          ip[j + shift] = ip[j];
        }
        for (int j = ellipsis; j < ellipsis + shift; j++) {
          ip[j] = 0;
        }
      } else if (ellipsis >= 0) {
        return null; // "::" must stand for at least one group
      }
      return ip;
    }
  }

  /** A CIDR prefix, with Go's {@code netip.ParsePrefix} and {@code Prefix.Contains} semantics. */
  static final class IpPrefix {
    final byte[] bytes;
    final int bits;

    private IpPrefix(byte[] bytes, int bits) {
      this.bytes = bytes;
      this.bits = bits;
    }

    static IpPrefix parse(String s) {
      if (s == null) {
        return null;
      }
      int slash = s.lastIndexOf('/');
      if (slash < 0) {
        return null;
      }
      IpAddress address = IpAddress.parse(s.substring(0, slash));
      if (address == null || address.zone != null) {
        return null;
      }
      String bitsText = s.substring(slash + 1);
      if (bitsText.isEmpty() || bitsText.length() > 3 || (bitsText.length() > 1 && bitsText.charAt(0) == '0')) {
        return null;
      }
      int bits = 0;
      for (int i = 0; i < bitsText.length(); i++) {
        char c = bitsText.charAt(i);
        if (c < '0' || c > '9') {
          return null;
        }
        bits = bits * 10 + (c - '0');
      }
      if (bits > address.bytes.length * 8) {
        return null;
      }
      return new IpPrefix(address.bytes, bits);
    }

    /** False across families (an IPv4-mapped IPv6 address is not in an IPv4 prefix) and for zoned addresses. */
    boolean contains(IpAddress address) {
      if (address.zone != null || address.bytes.length != bytes.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (address.bytes[i] != bytes[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address.bytes[full] & mask) == (bytes[full] & mask);
    }
  }
}
