package io.castellan.server;

import io.castellan.server.service.Failures;
import io.castellan.server.service.OrganizationService;
import io.castellan.server.service.ServiceException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Waits until an organization can be recovered from the journal: asks a probe organization (which
 * never exists, so nothing is written) for its summary until it answers, retrying while Cassandra
 * starts or the local keyspaces are being created.
 */
final class JournalProbe {

  static final String PROBE_ORGANIZATION = "castellan-startup-probe";

  private JournalProbe() {}

  static CompletionStage<Void> await(ActorSystem<?> system, OrganizationService organizations, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    attempt(system, organizations, deadline, ready);
    return ready;
  }

  private static void attempt(ActorSystem<?> system, OrganizationService organizations, long deadline,
      CompletableFuture<Void> ready) {
    organizations.summary(PROBE_ORGANIZATION).whenComplete((summary, failure) -> {
      Throwable cause = failure == null ? null : Failures.cause(failure);
      if (failure == null || cause instanceof ServiceException service && "store_id_not_found".equals(service.error().code())) {
        ready.complete(null);
      } else if (System.nanoTime() > deadline) {
        system.log().error("the journal did not answer before the startup timeout", cause);
        ready.completeExceptionally(cause);
        system.terminate();
      } else {
        system.log().info("waiting for the journal: {}", cause.toString());
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS)
            .execute(() -> attempt(system, organizations, deadline, ready));
      }
    });
  }
}
