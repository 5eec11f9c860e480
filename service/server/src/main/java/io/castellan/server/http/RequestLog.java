package io.castellan.server.http;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The lines a request leaves in the log, each with the request's id and organization in the MDC
 * ({@code request_id}, {@code organization}; fields of their own with {@code
 * CASTELLAN_LOG_FORMAT=json}): its failure, if it failed inside the server, and with {@code
 * castellan.http.access-log} on, one access line. They are written when the answer is ready, on
 * whatever thread completes it, so the id is set for exactly those lines rather than carried
 * through every asynchronous step. Every answer carries the id back in {@code X-Request-Id}: the
 * client's own (1-128 characters), or one made up here.
 */
final class RequestLog {

  static final String REQUEST_ID = "X-Request-Id";

  /**
   * The id this node made up for a request without a usable {@code X-Request-Id}, as the handlers
   * see it: a header of its own, because a client's own request id doubles as an idempotency key
   * and a made-up one must not.
   */
  static final String ASSIGNED_ID = "Castellan-Assigned-Request-Id";

  /** A failure the client is told only "internal error" about, logged with the request's id. */
  static final AttributeKey<Throwable> FAILURE = AttributeKey.create("failure", Throwable.class);

  private static final Logger ACCESS = LoggerFactory.getLogger("io.castellan.access");
  private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);

  private final boolean accessLog;

  RequestLog(boolean accessLog) {
    this.accessLog = accessLog;
  }

  /** The client's request id when it gave a usable one; otherwise a new one. */
  static String idOf(Optional<String> given) {
    return given.filter(RequestLog::usable).orElseGet(RequestLog::newId);
  }

  static boolean usable(String id) {
    return !id.isBlank() && id.length() <= 128;
  }

  /** 126 random bits as 32 hex digits (not a UUID: SecureRandom per request costs too much). */
  private static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    // the top bit set keeps each half at 16 digits
    return Long.toHexString(random.nextLong() | Long.MIN_VALUE)
        + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
  }

  /** The answer, with its id; its lines logged. */
  HttpResponse answered(
      HttpResponse response,
      String requestId,
      String operation,
      String organization,
      long startedNanos) {
    Optional<Throwable> failure = response.getAttribute(FAILURE);
    if (accessLog || failure.isPresent()) {
      MDC.put("request_id", requestId);
      if (organization != null) {
        MDC.put("organization", organization);
      }
      try {
        failure.ifPresent(cause -> LOG.error("request failed: {}", operation, cause));
        if (accessLog) {
          ACCESS.info(
              "{} {} {} ms",
              operation,
              response.status().intValue(),
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
        }
      } finally {
        MDC.remove("request_id");
        MDC.remove("organization");
      }
    }
    return response.addHeader(RawHeader.create(REQUEST_ID, requestId));
  }
}
