package io.castellan.server.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * Every answered request, as a latency histogram per API operation ({@code operation}: the
 * endpoint's method and template, so one series per endpoint, never per organization) and status
 * ({@code status}: the HTTP code; {@code outcome}: its class). A streamed answer (watch, NDJSON) is
 * timed to its first byte. Each endpoint keeps its timers by status, so that a request costs an
 * array lookup, not a tag lookup.
 */
final class HttpMetrics {

  private final MeterRegistry registry;

  HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The recorder of one endpoint's answers. */
  Recorder of(Endpoint endpoint) {
    return new Recorder(endpoint.method().value() + " " + endpoint.template());
  }

  final class Recorder {
    private final String operation;
    private final AtomicReferenceArray<Timer> byStatus = new AtomicReferenceArray<>(600);

    private Recorder(String operation) {
      this.operation = operation;
    }

    /** The endpoint's method and template. */
    String operation() {
      return operation;
    }

    HttpResponse answered(HttpResponse response, long startedNanos) {
      int status = response.status().intValue();
      Timer timer = status >= 0 && status < 600 ? byStatus.get(status) : null;
      if (timer == null) {
        timer =
            Timer.builder("castellan.http.requests")
                .description("HTTP requests by API operation and status")
                .tag("operation", operation)
                .tag("status", Integer.toString(status))
                .tag("outcome", status / 100 + "xx")
                .publishPercentileHistogram()
                .register(registry); // the same timer again if another thread was first
        if (status >= 0 && status < 600) {
          byStatus.set(status, timer);
        }
      }
      timer.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
      return response;
    }
  }
}
