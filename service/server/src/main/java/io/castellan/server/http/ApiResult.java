package io.castellan.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.server.forwarding.RenderedAnswer;
import java.nio.charset.StandardCharsets;

/**
 * An answer to render: status, JSON body (a tree, or bytes already rendered for the hottest
 * answers), and the organization revision it reflects (-1: none).
 */
record ApiResult(int status, JsonNode body, byte[] rendered, long revision) {

  ApiResult(int status, JsonNode body, long revision) {
    this(status, body, null, revision);
  }

  static ApiResult ok(JsonNode body, long revision) {
    return new ApiResult(200, body, null, revision);
  }

  /** The answer of a read forwarded to the node hosting the organization. */
  static ApiResult of(RenderedAnswer answer) {
    return new ApiResult(answer.status(), null, answer.json(), answer.revision());
  }

  static ApiResult rendered(String json, long revision) {
    return new ApiResult(200, null, json.getBytes(StandardCharsets.UTF_8), revision);
  }
}
