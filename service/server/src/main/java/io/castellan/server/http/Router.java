package io.castellan.server.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Rejection;
import org.apache.pekko.http.javadsl.server.Rejections;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Dispatches a request to the endpoint whose template its path matches and whose method it uses,
 * once its caller is authenticated and within its rate limit. A path no endpoint matches is
 * rejected as not found; a path matched with another method, with the methods it allows (405). An
 * API key used on another organization's path is answered as if that organization did not exist,
 * before anything is looked up.
 *
 * <p>Written instead of nesting Pekko's path directives so that the API is one flat table that
 * reads as a list of endpoints and that tests can enumerate.
 */
final class Router extends AllDirectives {

  private final List<Endpoint> endpoints;
  private final CallerDirectives callers;
  private final RequestLog requestLog;
  // answers an endpoint's failures and rejections with the error body
  private final UnaryOperator<Route> sealed;
  // by segment count, with each template's segments split once
  private final Map<Integer, List<Compiled>> bySize = new HashMap<>();

  private record Compiled(Endpoint endpoint, String[] segments, HttpMetrics.Recorder metrics) {}

  Router(
      List<Endpoint> endpoints,
      CallerDirectives callers,
      HttpMetrics metrics,
      RequestLog requestLog,
      UnaryOperator<Route> sealed) {
    this.endpoints = List.copyOf(endpoints);
    this.callers = callers;
    this.requestLog = requestLog;
    this.sealed = sealed;
    for (Endpoint endpoint : endpoints) {
      String[] segments = endpoint.segments().toArray(String[]::new);
      bySize
          .computeIfAbsent(segments.length, size -> new ArrayList<>())
          .add(new Compiled(endpoint, segments, metrics.of(endpoint)));
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
    List<Rejection> otherMethods = null;
    for (Compiled candidate : bySize.getOrDefault(segments.length, List.of())) {
      Map<String, String> parameters = match(candidate.segments(), segments);
      if (parameters == null) {
        continue;
      }
      Endpoint endpoint = candidate.endpoint();
      if (endpoint.method().equals(method)) {
        String organization =
            endpoint.organization() == null ? null : parameters.get(endpoint.organization());
        long started = System.nanoTime();
        HttpMetrics.Recorder recorder = candidate.metrics();
        return optionalHeaderValueByName(
            RequestLog.REQUEST_ID,
            given -> {
              String requestId = RequestLog.idOf(given);
              Route handled =
                  sealed.apply(
                      callers.authenticated(
                          endpoint.scope(),
                          organization,
                          caller -> endpoint.handler().handle(parameters, caller)));
              return mapResponse(
                  response ->
                      requestLog.answered(
                          recorder.answered(response, started),
                          requestId,
                          recorder.operation(),
                          organization,
                          started),
                  () ->
                      given.isPresent() && requestId.equals(given.get())
                          ? handled
                          : // the journal records the id the client is told
                          mapRequest(
                              request ->
                                  request
                                      .removeHeader(RequestLog.ASSIGNED_ID)
                                      .addHeader(
                                          RawHeader.create(RequestLog.ASSIGNED_ID, requestId)),
                              () -> handled));
            });
      }
      if (otherMethods == null) {
        otherMethods = new ArrayList<>(2);
      }
      otherMethods.add(Rejections.method(endpoint.method()));
    }
    if (otherMethods == null) {
      return reject();
    }
    return reject(
        otherMethods.get(0),
        otherMethods.subList(1, otherMethods.size()).toArray(Rejection[]::new));
  }

  /** The path's parameters if it matches the template, else null. */
  static Map<String, String> match(String[] template, String[] path) {
    String firstName = null;
    String firstValue = null;
    Map<String, String> more = null;
    for (int i = 0; i < template.length; i++) {
      if (Endpoint.isParameter(template[i])) {
        if (path[i].isEmpty()) {
          return null;
        }
        String name = Endpoint.parameterName(template[i]);
        if (firstName == null) {
          firstName = name;
          firstValue = decode(path[i]);
        } else {
          if (more == null) {
            more = new HashMap<>(4);
            more.put(firstName, firstValue);
          }
          more.put(name, decode(path[i]));
        }
      } else if (!template[i].equals(path[i])) {
        return null;
      }
    }
    if (more != null) {
      return more;
    }
    return firstName == null ? Map.of() : Map.of(firstName, firstValue);
  }

  /** A path segment percent-decoded ('+' is a plus sign in a path, not a space). */
  private static String decode(String segment) {
    return segment.indexOf('%') < 0
        ? segment
        : URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
