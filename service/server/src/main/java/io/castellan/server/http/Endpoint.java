package io.castellan.server.http;

import io.castellan.protocol.Scope;
import io.castellan.server.organization.Caller;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * One endpoint of the HTTP API: a method, a path template ({@code /stores/{store}/check}: literal
 * segments and named parameters), the scope its caller needs, the path parameter that names the
 * organization it acts on (null: none, as for listing or creating organizations), and the route
 * that answers it for an authenticated caller. Both APIs are tables of these, so that the whole
 * surface can be listed ({@link Router#endpoints()}) and none escapes authentication.
 */
record Endpoint(
    HttpMethod method, String template, Scope scope, String organization, Handler handler) {

  /** The route answering one request, given its path parameters and its caller. */
  @FunctionalInterface
  interface Handler {
    Route handle(Map<String, String> path, Caller caller);
  }

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
