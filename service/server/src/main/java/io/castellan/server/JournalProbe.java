package io.castellan.server;

import io.castellan.protocol.ErrorCode;
import io.castellan.server.async.Failures;
import io.castellan.server.service.OrganizationService;
import io.castellan.server.service.ServiceException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.Patterns;

/**
 * Waits until an organization can be recovered from the journal: asks a probe organization (which
 * never exists, so nothing is written) for its summary once a second (Pekko's retry) until it
 * answers, while Cassandra starts or the local keyspaces are being created.
 */
final class JournalProbe {

  static final String PROBE_ORGANIZATION = "castellan-startup-probe";
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  private JournalProbe() {}

  static CompletionStage<Void> await(
      ActorSystem<?> system, OrganizationService organizations, Duration timeout) {
    int attempts = (int) Math.max(1, timeout.dividedBy(INTERVAL));
    return Patterns.retry(() -> attempt(system, organizations), attempts, INTERVAL, system)
        .whenComplete(
            (ready, failure) -> {
              if (failure != null) {
                system
                    .log()
                    .error(
                        "the journal did not answer before the startup timeout",
                        Failures.cause(failure));
                system.terminate();
              }
            });
  }

  /** Answered: the journal works (a probe that does not exist is the expected answer). */
  private static CompletionStage<Void> attempt(
      ActorSystem<?> system, OrganizationService organizations) {
    return organizations
        .summary(PROBE_ORGANIZATION)
        .handle(
            (summary, failure) -> {
              Throwable cause = failure == null ? null : Failures.cause(failure);
              if (failure == null
                  || cause instanceof ServiceException service
                      && service.error().code() == ErrorCode.STORE_ID_NOT_FOUND) {
                return CompletableFuture.<Void>completedFuture(null);
              }
              system.log().info("waiting for the journal: {}", cause.toString());
              return CompletableFuture.<Void>failedFuture(cause);
            })
        .thenCompose(outcome -> outcome);
  }
}
