package io.castellan.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.server.service.Failures;
import io.castellan.server.service.Futures;
import io.castellan.server.service.ServiceException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Passes a read on to the {@link ReadHost} of the node an organization runs on, addressed by that
 * node's address, while the node is a member of the cluster. Only the request and the answer
 * cross the network, never the organization's state.
 */
final class ReadForwarder {

  private final ActorSystem<?> system;
  private final Cluster cluster;
  private final ActorRefResolver resolver;
  private final Duration timeout;
  private final Executor executor;
  private final Map<String, ActorRef<ForwardedRead>> readHosts = new ConcurrentHashMap<>();

  ReadForwarder(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.cluster = Cluster.get(system);
    this.resolver = ActorRefResolver.get(system);
    this.timeout = timeout;
    this.executor = system.executionContext();
  }

  /** The answer of the node at {@code host}; fails with {@link HostMissed} if it does not host the organization. */
  CompletionStage<ApiResult> forward(String host, ReadOperation operation, String organizationId, JsonNode body,
      boolean nativeShape) {
    if (host == null || !isMember(host)) {
      return CompletableFuture.failedFuture(new HostMissed(organizationId));
    }
    ActorRef<ForwardedRead> target = readHosts.computeIfAbsent(host, address -> resolver.resolveActorRef(address + ReadHost.PATH));
    CompletableFuture<ForwardedAnswer> reply = new CompletableFuture<>();
    // Pekko's ask future runs continuations on the common pool: the reply moves to the system's
    AskPattern.<ForwardedRead, ForwardedAnswer>ask(target,
            replyTo -> new ForwardedRead(operation, organizationId, body, nativeShape, replyTo), timeout, system.scheduler())
        .whenCompleteAsync(Futures.completing(reply), executor);
    return reply.handle((answer, failure) -> {
      if (failure != null) {
        throw Failures.cause(failure) instanceof TimeoutException
            ? new ServiceException("unavailable", "the node hosting organization '" + organizationId
                + "' did not answer in time; try again")
            : new java.util.concurrent.CompletionException(Failures.cause(failure));
      }
      if (answer.notHosted()) {
        throw new HostMissed(organizationId);
      }
      return answer.answer();
    });
  }

  private boolean isMember(String host) {
    for (Member member : cluster.state().getMembers()) {
      if (member.address().toString().equals(host)
          && (member.status() == MemberStatus.up() || member.status() == MemberStatus.weaklyUp())) {
        return true;
      }
    }
    return false;
  }
}
