package io.castellan.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.protocol.ErrorCode;
import io.castellan.server.http.request.BadRequest;
import io.castellan.server.service.ServiceException;
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
    assertAnswer(
        errors.response(new CompletionException(new BadRequest("'tuple_key' is missing"))),
        400,
        "validation_error");
  }

  @Test
  @DisplayName("answers a timeout with 503 unavailable")
  void timeoutIs503() throws Exception {
    assertAnswer(
        errors.response(new CompletionException(new TimeoutException("body"))), 503, "unavailable");
  }

  @Test
  @DisplayName("renders a failure as an answer with the same status and body")
  void failureAsAnAnswer() throws Exception {
    ApiResult result =
        errors.result(new CompletionException(new BadRequest("'tuple_key' is missing")));
    assertEquals(400, result.status());
    assertEquals("validation_error", result.body().path("code").asText());
    assertEquals("'tuple_key' is missing", result.body().path("message").asText());
  }

  @Test
  @DisplayName("answers a fault of ours with 500 internal_error and no detail")
  void ourFaultIs500() throws Exception {
    assertAnswer(
        errors.response(new IllegalStateException("secret detail")), 500, "internal_error");
  }

  @Test
  @DisplayName("answers a revision not applied within the freshness wait with 503")
  void revisionNotAvailableIs503() throws Exception {
    assertAnswer(
        errors.response(new ServiceException(ErrorCode.REVISION_NOT_AVAILABLE, "not yet")),
        503,
        "revision_not_available");
  }

  @Test
  @DisplayName(
      "answers an unknown outcome with 504, the one error that does not mean 'not applied'")
  void unknownOutcomeIs504() throws Exception {
    assertAnswer(
        errors.response(new ServiceException(ErrorCode.OUTCOME_UNKNOWN, "in flight")),
        504,
        "outcome_unknown");
  }

  @Test
  @DisplayName("answers a journal outage with 503 and when to retry")
  void journalUnavailableIs503WithRetryAfter() throws Exception {
    HttpResponse response =
        errors.response(new ServiceException(ErrorCode.JOURNAL_UNAVAILABLE, "down"));
    assertAnswer(response, 503, "journal_unavailable");
    assertEquals("1", response.getHeader("Retry-After").orElseThrow().value());
  }

  @Test
  @DisplayName("answers a change dropped at its deadline with 503 deadline_exceeded")
  void deadlineExceededIs503() throws Exception {
    assertAnswer(
        errors.response(new ServiceException(ErrorCode.DEADLINE_EXCEEDED, "late")),
        503,
        "deadline_exceeded");
  }

  @Test
  @DisplayName("answers an idempotency key reused for another request with 422")
  void reusedIdempotencyKeyIs422() throws Exception {
    assertAnswer(
        errors.response(new ServiceException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "other body")),
        422,
        "idempotency_key_reused");
  }

  private void assertAnswer(HttpResponse response, int status, String code) throws Exception {
    assertEquals(status, response.status().intValue());
    JsonNode body = mapper.readTree(((HttpEntity.Strict) response.entity()).getData().toArray());
    assertEquals(code, body.path("code").asText());
  }
}
