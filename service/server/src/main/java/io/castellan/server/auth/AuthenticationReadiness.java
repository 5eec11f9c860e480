package io.castellan.server.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;

/**
 * A readiness check (Pekko Management's {@code /ready}): a node whose authentication is turned off
 * reports it there and is not ready, so that a load balancer never sends it traffic by mistake.
 */
public final class AuthenticationReadiness implements Supplier<CompletionStage<Boolean>> {

  private final boolean enabled;

  public AuthenticationReadiness(ActorSystem system) {
    this.enabled = system.settings().config().getBoolean("castellan.auth.enabled");
  }

  @Override
  public CompletionStage<Boolean> get() {
    return enabled
        ? CompletableFuture.completedFuture(true)
        : CompletableFuture.failedFuture(
            new IllegalStateException(
                "authentication is turned off (castellan.auth.enabled = false): every request is"
                    + " allowed"));
  }
}
