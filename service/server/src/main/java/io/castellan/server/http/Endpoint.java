package io.castellan.server.http;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * One endpoint of the HTTP API: a method, a path template ({@code /stores/{store}/check}: literal
 * segments and named parameters), and the route that answers it given the path's parameters. Both
 * APIs are tables of these, so that the whole surface can be listed ({@link Router#endpoints()}).
 */
record Endpoint(HttpMethod method, String template, Function<Map<String, String>, Route> handler) {

  /** The template's segments: a literal, or a parameter as {@code {name}}. */
  List<String> segments() {
    return List.of(template.substring(1).split("/", -1));
  }

  static boolean isParameter(String segment) {
    return segment.startsWith("{") && segment.endsWith("}");
  }

  static String parameterName(String segment) {
    return segment.substring(1, segment.length() - 1);
  }
}
