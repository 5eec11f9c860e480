package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The server's HTTP API as the CLI calls it: JSON in, JSON out, and every failure turned into a
 * {@link CliException} with the server's own code and message (a wrong URL, a refused credential
 * and bad input each say so).
 */
final class Client {

  static final ObjectMapper JSON = new ObjectMapper();

  private final String server;
  private final String token;
  private final HttpClient http;

  Client(String server, String token) {
    this.server = server;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  String server() {
    return server;
  }

  static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  JsonNode get(String path) {
    return call("GET", path, null, null);
  }

  /**
   * Every item in {@code field} of a paged GET ({@code path} with its query, or none), following
   * {@code continuation_token} to the last page.
   */
  List<JsonNode> allPages(String path, String field) {
    List<JsonNode> items = new ArrayList<>();
    String separator = path.contains("?") ? "&" : "?";
    String token = "";
    do {
      JsonNode page =
          get(path + (token.isEmpty() ? "" : separator + "continuation_token=" + encode(token)));
      page.path(field).forEach(items::add);
      token =
          page.path("continuation_token").isTextual()
              ? page.path("continuation_token").asText()
              : "";
    } while (!token.isEmpty());
    return items;
  }

  JsonNode post(String path, Object body) {
    return call("POST", path, body, null);
  }

  JsonNode call(String method, String path, Object body, String idempotencyKey) {
    try {
      return callAsync(method, path, body, idempotencyKey).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof CliException cli ? cli : failure(e.getCause());
    }
  }

  /** The call, answered asynchronously (import keeps several in flight). */
  CompletableFuture<JsonNode> callAsync(
      String method, String path, Object body, String idempotencyKey) {
    HttpRequest.Builder request = request(path).timeout(Duration.ofSeconds(60));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    try {
      request.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new CliException("cannot write the request: " + e));
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw failure(failure);
              }
              return answer(method, path, response.statusCode(), response.body());
            });
  }

  /** A streamed answer (NDJSON, server-sent events), line by line; the caller closes it. */
  InputStream stream(String path, String accept) {
    HttpRequest request = request(path).header("Accept", accept).GET().build();
    try {
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() / 100 != 2) {
        byte[] body;
        try (InputStream in = response.body()) {
          body = in.readAllBytes();
        }
        answer("GET", path, response.statusCode(), body);
      }
      return response.body();
    } catch (IOException e) {
      throw failure(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request;
    try {
      URI uri = URI.create(server + path);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("no http or https scheme");
      }
      request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json");
    } catch (IllegalArgumentException e) {
      throw new CliException(
          "not a server URL: " + server + " (for example http://127.0.0.1:8080)",
          CliException.UNREACHABLE);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  private JsonNode answer(String method, String path, int status, byte[] body) {
    JsonNode json;
    try {
      json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      throw new CliException(
          method
              + " "
              + path
              + ": the server at "
              + server
              + " answered "
              + status
              + " with something that is not JSON: is it a Castellan server?");
    }
    if (status / 100 == 2) {
      return json;
    }
    String code = json.path("code").asText("http_" + status);
    String message = json.path("message").asText("");
    if (status == 401) {
      throw new CliException(
          "the credential was refused ("
              + code
              + "): check --token, CASTELLAN_TOKEN or the"
              + " profile",
          CliException.UNAUTHENTICATED);
    }
    throw new CliException(code + ": " + message);
  }

  private CliException failure(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof CliException cli) {
      return cli;
    }
    if (cause instanceof ConnectException) {
      return new CliException(
          "cannot reach the server at " + server + ": is it running? (--server, CASTELLAN_URL)",
          CliException.UNREACHABLE);
    }
    if (cause instanceof HttpTimeoutException) {
      return new CliException(
          "the server at " + server + " did not answer in time", CliException.UNREACHABLE);
    }
    return new CliException(
        "cannot reach the server at " + server + ": " + cause.getMessage(),
        CliException.UNREACHABLE);
  }
}
