package io.castellan.engine.condition;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.castellan.engine.EngineException;
import io.castellan.engine.condition.ParameterTypes.ConversionException;
import io.castellan.engine.condition.ParameterTypes.Converter;
import io.castellan.engine.condition.ParameterTypes.TypeMapping;
import io.castellan.engine.model.ConditionDefinition;
import io.castellan.engine.model.ParameterType;
import io.castellan.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's relationship conditions, compiled once into CEL programs and evaluated against the
 * context stored on a tuple merged with the context of a request, with OpenFGA's semantics:
 *
 * <ul>
 *   <li>on a key present in both contexts the tuple's value wins;
 *   <li>context entries that are not declared parameters are ignored at evaluation (but rejected
 *       when a tuple is written, see {@link #validateContext});
 *   <li>a declared parameter missing from both contexts is an error, not {@code false};
 *   <li>JSON values are converted to the declared parameter type as OpenFGA converts them (see
 *       {@code ParameterTypes});
 *   <li>a condition must type-check to exactly {@code bool} ({@code dyn} is rejected).
 * </ul>
 *
 * <p>{@code ipaddress} parameters are CEL strings holding the address in canonical form (as Go's
 * {@code netip.Addr.String()} prints it); {@code string.in_cidr(string)} tests membership in a CIDR
 * and {@code ipaddress(string)} parses a literal. Only literals are parsed, never host names.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ConditionEvaluator {

  /** An evaluator for a model without conditions. */
  public static final ConditionEvaluator NONE = new ConditionEvaluator(Map.of());

  private static final String IN_CIDR_OVERLOAD = "string_in_cidr_string";
  private static final String TO_IPADDRESS_OVERLOAD = "string_to_ipaddress";

  /**
   * Heterogeneous numeric comparisons are on because cel-go (OpenFGA) compares a double with an int
   * at run time, which matters for numbers inside {@code any} values (always doubles, as JSON
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
          "failed to evaluate relationship condition '"
              + conditionName
              + "': condition was not found");
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
        mapping = ParameterTypes.mapType(parameter.getValue());
      } catch (IllegalArgumentException e) {
        throw compilationError(
            name,
            "failed to decode parameter type for parameter '"
                + parameterName
                + "': "
                + e.getMessage());
      }
      builder.addVar(parameterName, mapping.celType());
      names[i] = parameterName;
      converters[i] = mapping.converter();
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

  // ---------------------------------------------------------------------------------------------
  // CEL functions on IP addresses

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
}
