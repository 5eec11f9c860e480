package io.castellan.server.http;

import com.fasterxml.jackson.databind.JsonNode;

/** A successful answer: status, JSON body, and the organization revision it reflects (-1: none). */
record ApiResult(int status, JsonNode body, long revision) {

  static ApiResult ok(JsonNode body, long revision) {
    return new ApiResult(200, body, revision);
  }
}
