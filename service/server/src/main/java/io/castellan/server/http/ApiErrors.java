package io.castellan.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.engine.EngineException;
import io.castellan.protocol.ContinuationToken;
import io.castellan.protocol.ErrorBody;
import io.castellan.protocol.ErrorCode;
import io.castellan.server.async.Failures;
import io.castellan.server.http.request.BadRequest;
import io.castellan.server.service.ServiceException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure as one JSON error body ({@link ErrorBody}) with the status its {@link ErrorCode}
 * names. Client mistakes are 4xx; only faults of ours are 5xx.
 */
final class ApiErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private final ObjectMapper mapper;

  ApiErrors(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * The failure's answer; one inside the server carries its cause for {@link RequestLog}, which
   * logs it with the request's id.
   */
  HttpResponse response(Throwable failure) {
    Coded error = coded(failure);
    HttpResponse response = response(error.code(), error.message());
    return error.code() == ErrorCode.INTERNAL_ERROR
        ? response.addAttribute(RequestLog.FAILURE, Failures.cause(failure))
        : response;
  }

  /** The failure as an answer to render later (a forwarded read's, see {@link LocalReads}). */
  ApiResult result(Throwable failure) {
    Coded error = coded(failure);
    if (error.code() == ErrorCode.INTERNAL_ERROR) { // on the node that answers a forwarded read
      LOG.error("read failed", Failures.cause(failure));
    }
    return result(error.code(), error.message());
  }

  ApiResult result(ErrorCode code, String message) {
    return new ApiResult(
        code.httpStatus, mapper.valueToTree(new ErrorBody(code.label, message)), -1);
  }

  private record Coded(ErrorCode code, String message) {}

  private Coded coded(Throwable failure) {
    Throwable cause = Failures.cause(failure);
    if (cause instanceof BadRequest bad) {
      return new Coded(ErrorCode.VALIDATION_ERROR, bad.getMessage());
    }
    if (cause instanceof EngineException engine) {
      return new Coded(engine.code(), engine.getMessage());
    }
    if (cause instanceof ContinuationToken.Invalid invalid) {
      return new Coded(ErrorCode.INVALID_CONTINUATION_TOKEN, invalid.getMessage());
    }
    if (cause instanceof TimeoutException) { // e.g. a request body that did not arrive in time
      return new Coded(ErrorCode.UNAVAILABLE, "timed out: " + cause.getMessage());
    }
    if (cause instanceof ServiceException service) {
      return new Coded(service.error().code(), service.error().message());
    }
    return new Coded(ErrorCode.INTERNAL_ERROR, "internal error; see the server log");
  }

  HttpResponse response(ErrorCode code, String message) {
    try {
      HttpResponse response =
          HttpResponse.create()
              .withStatus(StatusCodes.get(code.httpStatus))
              .withEntity(
                  ContentTypes.APPLICATION_JSON,
                  mapper.writeValueAsBytes(new ErrorBody(code.label, message)));
      // the journal's circuit breaker lets a change probe it about once a second
      if (code == ErrorCode.JOURNAL_UNAVAILABLE) {
        return response.addHeader(RetryAfter.create(1L));
      }
      if (code == ErrorCode.UNAUTHENTICATED) { // RFC 6750: how to authenticate
        return response.addHeader(
            WWWAuthenticate.create(HttpChallenge.create("Bearer", "castellan")));
      }
      return response;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
