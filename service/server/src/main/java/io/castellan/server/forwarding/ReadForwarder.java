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
import java.util.concurrent.Executor;
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
  // per node: its read host, fed in batches
  private final Map<String, Batcher<ForwardedRead>> readHosts = new ConcurrentHashMap<>();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final ActorRef<ForwardedAnswers> replies;
  private final Executor sender;

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
    this.sender = system.executionContext();
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

  private static Behavior<ForwardedAnswers> receiver(Map<Long, Pending> pending) {
    return Behaviors.receiveMessage(
        answers -> {
          for (ForwardedAnswer answer : answers.answers()) {
            Pending waiting = pending.remove(answer.id());
            if (waiting != null) { // else it came after the timeout
              waiting.reply().complete(answer);
            }
          }
          return Behaviors.same();
        });
  }

  /** Reads for the node at {@code host}, sent in batches of up to 64 reads or 256 KiB of bodies. */
  private Batcher<ForwardedRead> batcher(String host) {
    ActorRef<ForwardedReads> target = resolver.resolveActorRef(host + ReadHost.PATH);
    return new Batcher<>(
        sender,
        reads -> target.tell(new ForwardedReads(reads, replies)),
        read -> read.body().length + 64,
        64,
        256 * 1024);
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
    Batcher<ForwardedRead> target = readHosts.computeIfAbsent(host, this::batcher);
    long id = ids.incrementAndGet();
    long started = System.nanoTime();
    CompletableFuture<ForwardedAnswer> reply = new CompletableFuture<>();
    pending.put(id, new Pending(host, organizationId, reply));
    target.add(new ForwardedRead(id, operation, organizationId, body, nativeShape, caller));
    return reply
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (answer, failure) -> {
              (failure != null
                      ? failure instanceof TimeoutException
                          ? noAnswer
                          : failure instanceof HostMissed ? notHosted : failed
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

  /** A read sent to {@code host}, waiting for its answer. */
  private record Pending(
      String host, String organizationId, CompletableFuture<ForwardedAnswer> reply) {}

  /**
   * The node at {@code host} is going away (see {@link NodeDepartures}): the reads waiting for its
   * answers are asked again where their organizations run now (see {@code ReadRouting}) instead of
   * waiting out the timeout for answers that a node shutting down may never send.
   */
  public void hostGone(String host) {
    readHosts.remove(host); // a node that comes back (or a new one at that address) gets a new one
    pending
        .values()
        .removeIf(
            read -> {
              if (read.host().equals(host)) {
                read.reply().completeExceptionally(new HostMissed(read.organizationId()));
                return true;
              }
              return false;
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
