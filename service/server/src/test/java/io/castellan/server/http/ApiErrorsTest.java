package io.castellan.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The error body")
class ApiErrorsTest {

  private final ObjectMapper mapper = new ObjectMapper();
  private final ApiErrors errors = new ApiErrors(mapper);

  @Test
  @DisplayName("answers a client mistake with 400 validation_error")
  void clientMistakeIs400() throws Exception {
    assertAnswer(errors.response(new CompletionException(new BadRequest("'tuple_key' is missing"))),
        400, "validation_error");
  }

  @Test
  @DisplayName("answers a timeout with 503 unavailable")
  void timeoutIs503() throws Exception {
    assertAnswer(errors.response(new CompletionException(new TimeoutException("body"))), 503, "unavailable");
  }

  @Test
  @DisplayName("renders a failure as an answer with the same status and body")
  void failureAsAnAnswer() throws Exception {
    ApiResult result = errors.result(new CompletionException(new BadRequest("'tuple_key' is missing")));
    assertEquals(400, result.status());
    assertEquals("validation_error", result.body().path("code").asText());
    assertEquals("'tuple_key' is missing", result.body().path("message").asText());
  }

  @Test
  @DisplayName("answers a fault of ours with 500 internal_error and no detail")
  void ourFaultIs500() throws Exception {
    assertAnswer(errors.response(new IllegalStateException("secret detail")), 500, "internal_error");
  }

  private void assertAnswer(HttpResponse response, int status, String code) throws Exception {
    assertEquals(status, response.status().intValue());
    JsonNode body = mapper.readTree(((HttpEntity.Strict) response.entity()).getData().toArray());
    assertEquals(code, body.path("code").asText());
  }
}
