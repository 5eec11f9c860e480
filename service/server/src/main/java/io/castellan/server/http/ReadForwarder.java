package io.castellan.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.server.service.Failures;
import io.castellan.server.service.Futures;
import io.castellan.server.service.ServiceException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * Passes a read on to the {@link ReadHost} of the node an organization runs on, found by that
 * node's address among the read hosts the receptionist lists. Only the request and the answer
 * cross the network, never the organization's state.
 */
final class ReadForwarder {

  private final ActorSystem<?> system;
  private final Duration timeout;
  private final Executor executor;
  private volatile Map<String, ActorRef<ForwardedRead>> hosts = Map.of();

  ReadForwarder(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.timeout = timeout;
    this.executor = system.executionContext();
    String self = system.address().toString();
    system.systemActorOf(Behaviors.<Receptionist.Listing>setup(context -> {
      context.getSystem().receptionist().tell(Receptionist.subscribe(ReadHost.KEY, context.getSelf()));
      return Behaviors.receiveMessage(listing -> {
        // the local host's path has no host and port: it is known by this node's own address
        hosts = listing.getServiceInstances(ReadHost.KEY).stream().collect(Collectors.toUnmodifiableMap(
            host -> host.path().address().hasLocalScope() ? self : host.path().address().toString(),
            host -> host, (first, second) -> first));
        return Behaviors.same();
      });
    }), "read-host-listing", Props.empty());
  }

  CompletionStage<ApiResult> forward(String host, ReadOperation operation, String organizationId, JsonNode body,
      boolean nativeShape) {
    ActorRef<ForwardedRead> target = host == null ? null : hosts.get(host);
    if (target == null) {
      return CompletableFuture.failedFuture(new ServiceException("unavailable",
          "the node hosting organization '" + organizationId + "' is not known here yet; try again"));
    }
    CompletableFuture<ApiResult> answer = new CompletableFuture<>();
    // Pekko's ask future runs continuations on the common pool: the answer moves to the system's
    AskPattern.<ForwardedRead, ApiResult>ask(target,
            replyTo -> new ForwardedRead(operation, organizationId, body, nativeShape, replyTo), timeout, system.scheduler())
        .whenCompleteAsync(Futures.completing(answer), executor);
    return answer.exceptionallyCompose(failure -> CompletableFuture.failedFuture(
        Failures.cause(failure) instanceof TimeoutException
            ? new ServiceException("unavailable", "the node hosting organization '" + organizationId
                + "' did not answer in time; try again")
            : failure));
  }
}
