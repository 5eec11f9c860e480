package io.castellan.server.http;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;

/** Binds the routes and unbinds them gracefully when the node shuts down. */
public final class HttpServer {

  private HttpServer() {}

  public static CompletionStage<ServerBinding> start(
      ActorSystem<?> system, Route routes, String host, int port) {
    return Http.get(system)
        .newServerAt(host, port)
        .bind(routes)
        .whenComplete(
            (binding, failure) -> {
              if (failure != null) {
                system
                    .log()
                    .error("HTTP failed to bind to {}:{}; shutting down", host, port, failure);
                system.terminate();
              } else {
                binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
                system.log().info("HTTP listening on {}", binding.localAddress());
              }
            });
  }
}
