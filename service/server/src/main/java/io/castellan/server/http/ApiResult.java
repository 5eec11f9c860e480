package io.castellan.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.protocol.CborSerializable;
import java.nio.charset.StandardCharsets;

/**
 * An answer to render: status, JSON body (a tree, or bytes already rendered for the hottest
 * answers), and the organization revision it reflects (-1: none). Forwarded reads carry it back
 * across the network, error bodies included.
 */
record ApiResult(int status, JsonNode body, byte[] rendered, long revision)
    implements CborSerializable {

  ApiResult(int status, JsonNode body, long revision) {
    this(status, body, null, revision);
  }

  static ApiResult ok(JsonNode body, long revision) {
    return new ApiResult(200, body, null, revision);
  }

  static ApiResult rendered(String json, long revision) {
    return new ApiResult(200, null, json.getBytes(StandardCharsets.UTF_8), revision);
  }
}
