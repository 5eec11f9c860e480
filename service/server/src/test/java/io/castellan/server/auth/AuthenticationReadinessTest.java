package io.castellan.server.auth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.Test;

/** What /ready says about authentication. */
class AuthenticationReadinessTest {

  private static boolean ready(boolean enabled) {
    ActorSystem system =
        ActorSystem.create(
            "readiness",
            ConfigFactory.parseString("castellan.auth.enabled = " + enabled)
                .withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING")));
    try {
      return new AuthenticationReadiness(system).get().toCompletableFuture().join();
    } catch (CompletionException e) {
      assertTrue(e.getCause().getMessage().contains("authentication is turned off"));
      return false;
    } finally {
      system.terminate();
    }
  }

  @Test
  void aNodeWithAuthenticationOnIsReady() {
    assertTrue(ready(true));
  }

  @Test
  void aNodeWithAuthenticationOffReportsItAndIsNotReady() {
    assertTrue(!ready(false));
  }
}
