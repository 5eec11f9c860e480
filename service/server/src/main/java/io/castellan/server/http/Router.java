package io.castellan.server.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Rejection;
import org.apache.pekko.http.javadsl.server.Rejections;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Dispatches a request to the endpoint whose template its path matches and whose method it uses. A
 * path no endpoint matches is rejected as not found; a path matched with another method, with the
 * methods it allows (405).
 *
 * <p>Written instead of nesting Pekko's path directives so that the API is one flat table that
 * reads as a list of endpoints and that tests can enumerate.
 */
final class Router extends AllDirectives {

  private final List<Endpoint> endpoints;
  // by segment count, with each template's segments split once
  private final Map<Integer, List<Compiled>> bySize = new HashMap<>();

  private record Compiled(Endpoint endpoint, String[] segments) {}

  Router(List<Endpoint> endpoints) {
    this.endpoints = List.copyOf(endpoints);
    for (Endpoint endpoint : endpoints) {
      String[] segments = endpoint.segments().toArray(String[]::new);
      bySize
          .computeIfAbsent(segments.length, size -> new ArrayList<>())
          .add(new Compiled(endpoint, segments));
    }
  }

  /** Every endpoint, in the order declared. */
  List<Endpoint> endpoints() {
    return endpoints;
  }

  Route route() {
    return extractMethod(method -> extractUri(uri -> dispatch(method, uri.path())));
  }

  private Route dispatch(HttpMethod method, String rawPath) {
    if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      return reject();
    }
    String[] segments = rawPath.substring(1).split("/", -1);
    List<Rejection> otherMethods = new ArrayList<>(2);
    for (Compiled candidate : bySize.getOrDefault(segments.length, List.of())) {
      Map<String, String> parameters = match(candidate.segments(), segments);
      if (parameters == null) {
        continue;
      }
      if (candidate.endpoint().method().equals(method)) {
        return candidate.endpoint().handler().apply(parameters);
      }
      otherMethods.add(Rejections.method(candidate.endpoint().method()));
    }
    if (otherMethods.isEmpty()) {
      return reject();
    }
    return reject(
        otherMethods.get(0),
        otherMethods.subList(1, otherMethods.size()).toArray(Rejection[]::new));
  }

  /** The path's parameters if it matches the template, else null. */
  static Map<String, String> match(String[] template, String[] path) {
    Map<String, String> parameters = null;
    for (int i = 0; i < template.length; i++) {
      if (Endpoint.isParameter(template[i])) {
        if (path[i].isEmpty()) {
          return null;
        }
        if (parameters == null) {
          parameters = new HashMap<>(4);
        }
        parameters.put(Endpoint.parameterName(template[i]), decode(path[i]));
      } else if (!template[i].equals(path[i])) {
        return null;
      }
    }
    return parameters == null ? Map.of() : parameters;
  }

  /** A path segment percent-decoded ('+' is a plus sign in a path, not a space). */
  private static String decode(String segment) {
    return segment.indexOf('%') < 0
        ? segment
        : URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
