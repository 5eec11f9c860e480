package io.castellan.engine.condition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.castellan.engine.EngineException;
import io.castellan.engine.model.ConditionDefinition;
import io.castellan.engine.model.ParameterType;
import io.castellan.engine.model.ParameterType.TypeName;
import io.castellan.protocol.ErrorCode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionEvaluatorTest {

  private static ParameterType type(TypeName name) {
    return ParameterType.of(name);
  }

  private static ParameterType generic(TypeName name, TypeName element) {
    return new ParameterType(name, List.of(ParameterType.of(element)));
  }

  /** Parameters in the given order: name1, type1, name2, type2, ... */
  private static ConditionEvaluator single(String name, String expression, Object... parameters) {
    Map<String, ParameterType> params = new LinkedHashMap<>();
    for (int i = 0; i < parameters.length; i += 2) {
      params.put((String) parameters[i], (ParameterType) parameters[i + 1]);
    }
    return ConditionEvaluator.compile(
        Map.of(name, new ConditionDefinition(name, expression, params)));
  }

  private static EngineException evaluationError(
      ConditionEvaluator evaluator,
      String name,
      Map<String, Object> tuple,
      Map<String, Object> request) {
    return assertThrows(EngineException.class, () -> evaluator.evaluate(name, tuple, request));
  }

  private final ConditionEvaluator xLessThan =
      single("x_less_than", "x < 100", "x", type(TypeName.INT));

  private final ConditionEvaluator ipInRange =
      single(
          "ip_in_range",
          "user_ip.in_cidr(cidr)",
          "user_ip",
          type(TypeName.IPADDRESS),
          "cidr",
          type(TypeName.STRING));

  @Test
  void intComparisonIsTrueBelowTheBound() {
    assertTrue(xLessThan.evaluate("x_less_than", null, Map.of("x", 10)));
  }

  @Test
  void intComparisonIsFalseAtOrAboveTheBound() {
    assertFalse(xLessThan.evaluate("x_less_than", Map.of(), Map.of("x", 100)));
    assertFalse(xLessThan.evaluate("x_less_than", Map.of(), Map.of("x", 101L)));
  }

  @Test
  void intParameterAcceptsIntegralNumbersAndNumericStringsLikeOpenFga() {
    assertTrue(xLessThan.evaluate("x_less_than", null, Map.of("x", "42")));
    assertTrue(xLessThan.evaluate("x_less_than", null, Map.of("x", 10.0)));
    assertTrue(xLessThan.evaluate("x_less_than", null, Map.of("x", BigInteger.valueOf(-5))));
  }

  @Test
  void tupleContextWinsOverRequestContext() {
    assertTrue(xLessThan.evaluate("x_less_than", Map.of("x", 1), Map.of("x", 500)));
    assertFalse(xLessThan.evaluate("x_less_than", Map.of("x", 500), Map.of("x", 1)));
  }

  @Test
  void contextEntriesThatAreNotParametersAreIgnored() {
    assertTrue(xLessThan.evaluate("x_less_than", Map.of("x", 1), Map.of("other", "anything")));
  }

  @Test
  void missingParametersErrorListsTheirNames() {
    ConditionEvaluator evaluator =
        single(
            "window",
            "a < b && c",
            "a",
            type(TypeName.INT),
            "b",
            type(TypeName.INT),
            "c",
            type(TypeName.BOOL));

    EngineException e = evaluationError(evaluator, "window", Map.of("b", 3), null);

    assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
    assertEquals(
        "failed to evaluate relationship condition 'window': context is missing parameters '[a c]'",
        e.getMessage());
  }

  @Test
  void wrongTypeIsAValidationError() {
    EngineException e = evaluationError(xLessThan, "x_less_than", null, Map.of("x", "ten"));

    assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
    assertTrue(e.getMessage().contains("x_less_than"), e.getMessage());
    assertTrue(e.getMessage().contains("'x'"), e.getMessage());
  }

  @Test
  void numberWithAFractionIsNoInt() {
    EngineException e = evaluationError(xLessThan, "x_less_than", null, Map.of("x", 3.5));

    assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
    assertTrue(e.getMessage().contains("expected an int value"), e.getMessage());
  }

  @Test
  void timestampPlusDurationArithmetic() {
    ConditionEvaluator evaluator =
        single(
            "non_expired_grant",
            "current_time < grant_time + grant_duration",
            "current_time",
            type(TypeName.TIMESTAMP),
            "grant_time",
            type(TypeName.TIMESTAMP),
            "grant_duration",
            type(TypeName.DURATION));
    Map<String, Object> tuple =
        Map.of("grant_time", "2023-01-01T00:00:00Z", "grant_duration", "1h30m");

    assertTrue(
        evaluator.evaluate(
            "non_expired_grant", tuple, Map.of("current_time", "2023-01-01T01:29:59.999Z")));
    assertFalse(
        evaluator.evaluate(
            "non_expired_grant", tuple, Map.of("current_time", "2023-01-01T02:30:00+01:00")));
  }

  @Test
  void goDurationSyntaxIsParsed() {
    assertEquals(Duration.ofMinutes(90), GoDuration.parse("1h30m"));
    assertEquals(Duration.ofMillis(1500), GoDuration.parse("1.5s"));
    assertEquals(Duration.ofNanos(-2_000), GoDuration.parse("-2us"));
    assertEquals(Duration.ZERO, GoDuration.parse("0"));
    assertEquals(null, GoDuration.parse("10"));
    assertEquals(null, GoDuration.parse("1d"));
    assertEquals(null, GoDuration.parse("3000000h"));
  }

  @Test
  void listInOperator() {
    ConditionEvaluator evaluator =
        single(
            "allowed_region",
            "region in allowed",
            "region",
            type(TypeName.STRING),
            "allowed",
            generic(TypeName.LIST, TypeName.STRING));
    Map<String, Object> tuple = Map.of("allowed", List.of("eu", "us"));

    assertTrue(evaluator.evaluate("allowed_region", tuple, Map.of("region", "eu")));
    assertFalse(evaluator.evaluate("allowed_region", tuple, Map.of("region", "ap")));
  }

  @Test
  void mapAccess() {
    ConditionEvaluator evaluator =
        single(
            "quota",
            "limits[kind] >= used",
            "limits",
            generic(TypeName.MAP, TypeName.INT),
            "kind",
            type(TypeName.STRING),
            "used",
            type(TypeName.INT));
    Map<String, Object> tuple = Map.of("limits", Map.of("read", 10, "write", 2));

    assertTrue(evaluator.evaluate("quota", tuple, Map.of("kind", "read", "used", 10)));
    assertFalse(evaluator.evaluate("quota", tuple, Map.of("kind", "write", "used", 3)));
  }

  @Test
  void mapAccessToAbsentKeyIsAValidationError() {
    ConditionEvaluator evaluator =
        single("flag", "attrs.enabled == true", "attrs", generic(TypeName.MAP, TypeName.ANY));

    EngineException e =
        evaluationError(evaluator, "flag", null, Map.of("attrs", Map.of("other", 1)));

    assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
  }

  @Test
  void anyNumbersCompareWithIntLiteralsLikeCelGo() {
    ConditionEvaluator evaluator =
        single(
            "level",
            "attrs.level > 3 && attrs.level == 5",
            "attrs",
            generic(TypeName.MAP, TypeName.ANY));

    assertTrue(evaluator.evaluate("level", null, Map.of("attrs", Map.of("level", 5))));
  }

  @Test
  void ipv4AddressInCidr() {
    assertTrue(
        ipInRange.evaluate(
            "ip_in_range", Map.of("cidr", "192.168.0.0/24"), Map.of("user_ip", "192.168.0.1")));
  }

  @Test
  void ipv4AddressNotInCidr() {
    assertFalse(
        ipInRange.evaluate(
            "ip_in_range", Map.of("cidr", "192.168.0.0/24"), Map.of("user_ip", "192.168.1.0")));
  }

  @Test
  void ipv6AddressInCidr() {
    Map<String, Object> tuple = Map.of("cidr", "2001:db8::/32");

    assertTrue(ipInRange.evaluate("ip_in_range", tuple, Map.of("user_ip", "2001:DB8:0:0:0:0:0:1")));
    assertFalse(ipInRange.evaluate("ip_in_range", tuple, Map.of("user_ip", "2001:db9::1")));
  }

  @Test
  void ipv4MappedIpv6AddressIsNotInIpv4CidrAsInGoNetip() {
    assertFalse(
        ipInRange.evaluate(
            "ip_in_range", Map.of("cidr", "10.0.0.0/8"), Map.of("user_ip", "::ffff:10.1.2.3")));
  }

  @Test
  void ipaddressParameterIsCanonicalised() {
    ConditionEvaluator evaluator =
        single(
            "same_ip",
            "a == b && a == '2001:db8::1'",
            "a",
            type(TypeName.IPADDRESS),
            "b",
            type(TypeName.IPADDRESS));

    assertTrue(
        evaluator.evaluate(
            "same_ip", null, Map.of("a", "2001:0DB8:0000::0001", "b", "2001:db8:0:0::1")));
  }

  @Test
  void invalidIpValueIsAValidationError() {
    for (String bad :
        List.of("192.168.0.256", "192.168.01.1", "not-an-ip", "localhost", "1:2:3", "::1::2")) {
      EngineException e =
          evaluationError(
              ipInRange, "ip_in_range", Map.of("cidr", "192.168.0.0/24"), Map.of("user_ip", bad));
      assertEquals(ErrorCode.VALIDATION_ERROR, e.code(), bad);
      assertTrue(e.getMessage().contains("well-formed IP address"), e.getMessage());
    }
  }

  @Test
  void malformedCidrIsAValidationError() {
    EngineException e =
        evaluationError(
            ipInRange,
            "ip_in_range",
            Map.of("cidr", "192.168.0.0/33"),
            Map.of("user_ip", "192.168.0.1"));

    assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
    assertTrue(e.getMessage().contains("malformed CIDR"), e.getMessage());
  }

  @Test
  void celRuntimeErrorIsAValidationError() {
    ConditionEvaluator evaluator = single("overflow", "x + 1 > 0", "x", type(TypeName.INT));

    EngineException e = evaluationError(evaluator, "overflow", null, Map.of("x", Long.MAX_VALUE));

    assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
    assertTrue(
        e.getMessage().startsWith("failed to evaluate relationship condition 'overflow'"),
        e.getMessage());
  }

  @Test
  void uintParameterRejectsNegativeNumbers() {
    ConditionEvaluator evaluator = single("small", "n < 10u", "n", type(TypeName.UINT));

    assertTrue(evaluator.evaluate("small", null, Map.of("n", 3)));
    assertEquals(
        ErrorCode.VALIDATION_ERROR,
        evaluationError(evaluator, "small", null, Map.of("n", -1)).code());
  }

  @Test
  void nonCompilingConditionErrorNamesTheCondition() {
    EngineException e =
        assertThrows(
            EngineException.class, () -> single("broken", "y < 100", "x", type(TypeName.INT)));

    assertEquals(ErrorCode.INVALID_AUTHORIZATION_MODEL, e.code());
    assertTrue(e.getMessage().contains("'broken'"), e.getMessage());
    assertTrue(e.getMessage().contains("undeclared reference to 'y'"), e.getMessage());
  }

  @Test
  void nonBoolConditionDoesNotCompile() {
    EngineException intResult =
        assertThrows(
            EngineException.class, () -> single("arith", "x + 1", "x", type(TypeName.INT)));
    EngineException dynResult =
        assertThrows(
            EngineException.class,
            () -> single("dyn", "attrs.flag", "attrs", generic(TypeName.MAP, TypeName.ANY)));

    assertEquals(ErrorCode.INVALID_AUTHORIZATION_MODEL, intResult.code());
    assertEquals(ErrorCode.INVALID_AUTHORIZATION_MODEL, dynResult.code());
    assertTrue(dynResult.getMessage().contains("'dyn'"), dynResult.getMessage());
  }

  @Test
  void validateContextRejectsAnUnknownKey() {
    EngineException e =
        assertThrows(
            EngineException.class,
            () -> xLessThan.validateContext("x_less_than", Map.of("x", 1, "y", 2)));

    assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
    assertEquals("found invalid context parameter: y", e.getMessage());
  }

  @Test
  void validateContextRejectsAValueOfTheWrongType() {
    Map<String, Object> context = new HashMap<>();
    context.put("x", null);

    EngineException e =
        assertThrows(
            EngineException.class, () -> xLessThan.validateContext("x_less_than", context));

    assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
  }

  @Test
  void validateContextAcceptsDeclaredParametersAndEmptyContexts() {
    xLessThan.validateContext("x_less_than", Map.of("x", 5));
    xLessThan.validateContext("x_less_than", null);
    xLessThan.validateContext("x_less_than", Map.of());
  }

  @Test
  void validateContextRejectsAnUnknownCondition() {
    EngineException e =
        assertThrows(EngineException.class, () -> xLessThan.validateContext("nope", Map.of()));

    assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
  }

  @Test
  void noneHasNoConditions() {
    assertFalse(ConditionEvaluator.NONE.has("x_less_than"));
    assertTrue(xLessThan.has("x_less_than"));
    assertEquals(
        ErrorCode.VALIDATION_ERROR,
        evaluationError(ConditionEvaluator.NONE, "x", null, null).code());
  }
}
