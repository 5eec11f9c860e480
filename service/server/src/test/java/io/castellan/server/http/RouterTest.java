package io.castellan.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a request path is matched against an endpoint's template. */
class RouterTest {

  private static Map<String, String> match(String template, String path) {
    return Router.match(template.substring(1).split("/", -1), path.substring(1).split("/", -1));
  }

  @Test
  void literalSegmentsMustBeEqualAndParametersTakeTheirSegment() {
    assertEquals(Map.of("store", "01H"), match("/stores/{store}/check", "/stores/01H/check"));
    assertNull(match("/stores/{store}/check", "/stores/01H/expand"));
  }

  @Test
  void aParameterIsPercentDecodedAndAPlusStaysAPlus() {
    assertEquals(Map.of("org", "a b+c"), match("/v1/orgs/{org}", "/v1/orgs/a%20b+c"));
  }

  @Test
  void anEmptySegmentIsNoParameter() {
    assertNull(match("/v1/orgs/{org}", "/v1/orgs/"));
  }
}
