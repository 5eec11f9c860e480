package io.castellan.server.forwarding;

import io.castellan.protocol.ErrorCode;
import io.castellan.server.organization.Caller;
import io.castellan.server.service.ServiceException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Passes a read on to the {@link ReadHost} of the node an organization runs on, addressed by that
 * node's address, while the node is a member of the cluster. Only the request and the answer cross
 * the network, never the organization's state.
 *
 * <p>Answers come back to one receiver per node, matched by id, rather than through an ask per
 * read: an ask creates an actor and a scheduler timer for every read, and cancelled timers stay in
 * the scheduler until their deadline (the garbage that once dominated GC, see http.conf). A read
 * that gets no answer in time fails through the JDK's timer, which forgets cancelled ones.
 */
public final class ReadForwarder {

  static final String REPLIES = "read-replies";

  private final Cluster cluster;
  private final ActorRefResolver resolver;
  private final Duration timeout;
  private final Map<String, ActorRef<ForwardedRead>> readHosts = new ConcurrentHashMap<>();
  private final Map<Long, CompletableFuture<ForwardedAnswer>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final ActorRef<ForwardedAnswer> replies;

  // by outcome: answered, not_hosted, no_answer (timed out), failed
  private final Timer answered;
  private final Timer notHosted;
  private final Timer noAnswer;
  private final Timer failed;

  private ReadForwarder(ActorSystem<?> system, Duration timeout, MeterRegistry metrics) {
    this.answered = timer(metrics, "answered");
    this.notHosted = timer(metrics, "not_hosted");
    this.noAnswer = timer(metrics, "no_answer");
    this.failed = timer(metrics, "failed");
    this.cluster = Cluster.get(system);
    this.resolver = ActorRefResolver.get(system);
    this.timeout = timeout;
    this.replies = system.systemActorOf(receiver(pending), REPLIES, Props.empty());
  }

  /**
   * Starts this node's reply receiver; a forwarded read that gets no answer within {@code timeout}
   * fails. Each forwarded read is timed in {@code castellan.reads.forwarded} by outcome.
   */
  public static ReadForwarder init(ActorSystem<?> system, Duration timeout, MeterRegistry metrics) {
    return new ReadForwarder(system, timeout, metrics);
  }

  private static Timer timer(MeterRegistry metrics, String outcome) {
    return Timer.builder("castellan.reads.forwarded")
        .description("reads passed on to the node hosting their organization, by outcome")
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .register(metrics);
  }

  private static Behavior<ForwardedAnswer> receiver(
      Map<Long, CompletableFuture<ForwardedAnswer>> pending) {
    return Behaviors.receiveMessage(
        answer -> {
          CompletableFuture<ForwardedAnswer> waiting = pending.remove(answer.id());
          if (waiting != null) { // else it came after the timeout
            waiting.complete(answer);
          }
          return Behaviors.same();
        });
  }

  /**
   * The answer of the node at {@code host}; fails with {@link HostMissed} if it does not host the
   * organization.
   */
  public CompletionStage<RenderedAnswer> forward(
      String host,
      ReadOperation operation,
      String organizationId,
      byte[] body,
      boolean nativeShape,
      Caller caller) {
    if (host == null || !isMember(host)) {
      return CompletableFuture.failedFuture(new HostMissed(organizationId));
    }
    ActorRef<ForwardedRead> target =
        readHosts.computeIfAbsent(
            host, address -> resolver.resolveActorRef(address + ReadHost.PATH));
    long id = ids.incrementAndGet();
    long started = System.nanoTime();
    CompletableFuture<ForwardedAnswer> reply = new CompletableFuture<>();
    pending.put(id, reply);
    target.tell(
        new ForwardedRead(id, operation, organizationId, body, nativeShape, caller, replies));
    return reply
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (answer, failure) -> {
              (failure != null
                      ? failure instanceof TimeoutException ? noAnswer : failed
                      : answer.notHosted() ? notHosted : answered)
                  .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
              if (failure != null) {
                pending.remove(id);
                throw failure instanceof TimeoutException
                    ? new ServiceException(
                        ErrorCode.UNAVAILABLE,
                        "the node hosting organization '"
                            + organizationId
                            + "' did not answer in time; try again")
                    : new CompletionException(failure);
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
