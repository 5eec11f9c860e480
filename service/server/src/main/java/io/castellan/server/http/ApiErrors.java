package io.castellan.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.engine.EngineException;
import io.castellan.protocol.ErrorBody;
import io.castellan.server.organization.OrganizationError;
import io.castellan.server.service.Failures;
import io.castellan.server.service.ServiceException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure as one JSON error body ({@link ErrorBody}) with the status its code deserves.
 * Client mistakes are 4xx; only faults of ours are 5xx.
 */
final class ApiErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private final ObjectMapper mapper;

  ApiErrors(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  HttpResponse response(Throwable failure) {
    ErrorBody error = body(failure);
    return response(status(error.code()), error.code(), error.message());
  }

  /** The failure as an answer to render later (a forwarded read's, see {@link ReadHost}). */
  ApiResult result(Throwable failure) {
    ErrorBody error = body(failure);
    return result(error.code(), error.message());
  }

  ApiResult result(String code, String message) {
    return new ApiResult(status(code).intValue(), mapper.valueToTree(new ErrorBody(code, message)), -1);
  }

  private ErrorBody body(Throwable failure) {
    Throwable cause = Failures.cause(failure);
    if (cause instanceof BadRequest bad) {
      return new ErrorBody("validation_error", bad.getMessage());
    }
    if (cause instanceof EngineException engine) {
      return new ErrorBody(engine.code().label, engine.getMessage());
    }
    if (cause instanceof TimeoutException) { // e.g. a request body that did not arrive in time
      return new ErrorBody("unavailable", "timed out: " + cause.getMessage());
    }
    if (cause instanceof ServiceException service) {
      OrganizationError error = service.error();
      return new ErrorBody(error.code(), error.message());
    }
    LOG.error("request failed", cause);
    return new ErrorBody("internal_error", "internal error; see the server log");
  }

  static StatusCode status(String code) {
    return switch (code) {
      // OpenFGA answers its 2xxx codes, model not found included, with 400; only a store is 404
      case OrganizationError.NOT_FOUND -> StatusCodes.NOT_FOUND;
      case OrganizationError.ALREADY_EXISTS, OrganizationError.PRECONDITION_FAILED -> StatusCodes.CONFLICT;
      case "unavailable", "revision_not_available", "request_timeout", OrganizationError.JOURNAL_UNAVAILABLE,
          OrganizationError.DEADLINE_EXCEEDED -> StatusCodes.SERVICE_UNAVAILABLE;
      // the one error answer that does not mean "not applied"
      case OrganizationError.OUTCOME_UNKNOWN -> StatusCodes.GATEWAY_TIMEOUT;
      case OrganizationError.IDEMPOTENCY_KEY_REUSED -> StatusCodes.UNPROCESSABLE_ENTITY;
      case "body_timeout" -> StatusCodes.REQUEST_TIMEOUT;
      case "answer_too_large" -> StatusCodes.UNPROCESSABLE_ENTITY;
      case "internal_error" -> StatusCodes.INTERNAL_SERVER_ERROR;
      default -> StatusCodes.BAD_REQUEST;
    };
  }

  HttpResponse response(StatusCode status, String code, String message) {
    try {
      HttpResponse response = HttpResponse.create().withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON, mapper.writeValueAsBytes(new ErrorBody(code, message)));
      // the journal's circuit breaker lets a change probe it about once a second
      return code.equals(OrganizationError.JOURNAL_UNAVAILABLE)
          ? response.addHeader(org.apache.pekko.http.javadsl.model.headers.RetryAfter.create(1L)) : response;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
