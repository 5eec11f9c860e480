package io.castellan.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Plain HTTP calls with JSON bodies against a test node. */
final class HttpClientSupport {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  record Response(int status, JsonNode body, String raw, HttpHeaders headers) {

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  private final String baseUrl;

  HttpClientSupport(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  Response send(String method, String path, String body, String... headers) {
    return send(
        method,
        path,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body),
        headers);
  }

  /** A POST with extra headers ({@code headers}: name, value, name, value, ...). */
  Response post(String path, String body, String... headers) {
    return send("POST", path, HttpRequest.BodyPublishers.ofString(body), headers);
  }

  /** A POST whose body is sent in chunks (no Content-Length), as a streaming client sends it. */
  Response postChunked(String path, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return send(
        "POST",
        path,
        HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
  }

  /** The body as JSON; a body that is not JSON (Prometheus text) as an empty object. */
  private static JsonNode json(String body) {
    try {
      return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private Response send(
      String method, String path, HttpRequest.BodyPublisher body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(15))
            .header("Content-Type", "application/json");
    boolean credentialGiven = false;
    for (int i = 0; i + 1 < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase("Authorization")) {
        credentialGiven = true;
        if (headers[i + 1].isEmpty()) {
          continue; // none at all
        }
      }
      request.header(headers[i], headers[i + 1]);
    }
    if (!credentialGiven) { // the operator's, unless the test names another credential (or none)
      request.header("Authorization", "Bearer " + TestNode.OPERATOR_KEY);
    }
    request.method(method, body);
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = json(response.body());
      return new Response(response.statusCode(), json, response.body(), response.headers());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Response post(String path, String body) {
    return send("POST", path, body);
  }
}
