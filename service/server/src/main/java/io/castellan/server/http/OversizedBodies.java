package io.castellan.server.http;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Refuses a request whose declared body length is over the limit before the body is parsed, so that
 * it persists nothing. Pekko HTTP closes the connection after answering a request whose body was
 * not read; a client that is still sending then sees a broken pipe instead of the 413 (the JDK's
 * client does, and reports no status at all). So a body of at most {@value #DRAINED_LIMITS} times
 * the limit is read and dropped first (within the request timeout), and the client reads its 413; a
 * larger one is refused at once, and its connection closed. So is one whose client waits for {@code
 * 100 Continue} before sending it (nothing to drain), and one that arrives while {@value
 * #MAX_DRAINING} others are being drained (this runs before authentication: an anonymous client
 * must not keep the node reading bodies it will refuse).
 */
final class OversizedBodies extends AllDirectives {

  static final int DRAINED_LIMITS = 4;
  static final int MAX_DRAINING = 8;

  private final AtomicInteger draining = new AtomicInteger();

  private final long maxBodyBytes;
  private final Duration drainTimeout;
  private final HttpResponse tooLarge;

  OversizedBodies(long maxBodyBytes, Duration drainTimeout, HttpResponse tooLarge) {
    this.maxBodyBytes = maxBodyBytes;
    this.drainTimeout = drainTimeout;
    this.tooLarge = tooLarge;
  }

  Route refusedBefore(Route inner) {
    return extractRequestEntity(
        entity -> {
          OptionalLong declared = entity.getContentLengthOption();
          if (declared.isEmpty() || declared.getAsLong() <= maxBodyBytes) {
            return inner;
          }
          if (declared.getAsLong() > maxBodyBytes * DRAINED_LIMITS) {
            return complete(tooLarge);
          }
          return extractRequest(
              request -> {
                boolean waitsToSend =
                    request
                        .getHeader("Expect")
                        .filter(expect -> expect.value().equalsIgnoreCase("100-continue"))
                        .isPresent();
                if (waitsToSend) {
                  return complete(tooLarge);
                }
                if (draining.incrementAndGet() > MAX_DRAINING) {
                  draining.decrementAndGet();
                  return complete(tooLarge);
                }
                return extractMaterializer(
                    materializer ->
                        onComplete(
                            entity
                                .withoutSizeLimit()
                                .getDataBytes()
                                .takeWithin(drainTimeout)
                                .runWith(Sink.ignore(), materializer)
                                .whenComplete((done, failure) -> draining.decrementAndGet()),
                            drained -> complete(tooLarge)));
              });
        });
  }
}
