package io.castellan.server.forwarding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One per node, at {@link #PATH}: answers the reads other nodes forward here for the organizations
 * this node hosts, from the same in-memory state and code as a read that arrived here over HTTP.
 * Checks are answered by the actor itself, a batch's answers sent back in one message, as a check
 * over HTTP is answered on the thread that parsed it; other reads (lists, reads, lookups that may
 * take long) go to {@code executor} and run in parallel. It never forwards again: for an
 * organization that runs elsewhere it replies {@link ForwardedAnswer#notHosted}.
 */
public final class ReadHost {

  static final String NAME = "read-host";

  /** Where a node's read host is, under the node's address. */
  static final String PATH = "/system/" + NAME;

  private ReadHost() {}

  /** Starts this node's read host, which answers forwarded reads with {@code reads}. */
  public static void init(ActorSystem<?> system, HostedReads reads, Executor executor) {
    system.systemActorOf(create(reads, executor), NAME, Props.empty());
  }

  private static CompletionStage<ForwardedAnswer> answer(HostedReads reads, ForwardedRead read) {
    return reads
        .answerIfHosted(
            read.operation(), read.organizationId(), read.body(), read.nativeShape(), read.caller())
        .thenApply(
            answer ->
                answer
                    .map(rendered -> ForwardedAnswer.of(read.id(), rendered))
                    .orElseGet(() -> ForwardedAnswer.notHosted(read.id())));
  }

  private static Behavior<ForwardedReads> create(HostedReads reads, Executor executor) {
    // per forwarding node's reply receiver: answers go back in batches, as the reads came
    Map<ActorRef<ForwardedAnswers>, Batcher<ForwardedAnswer>> replies = new ConcurrentHashMap<>();
    return Behaviors.receiveMessage(
        batch -> {
          if (replies.size() > 1_000) { // receivers of nodes long gone
            replies.clear();
          }
          Batcher<ForwardedAnswer> reply =
              replies.computeIfAbsent(
                  batch.replyTo(),
                  receiver ->
                      new Batcher<>(
                          executor,
                          answers -> receiver.tell(new ForwardedAnswers(answers)),
                          ForwardedAnswer::size,
                          64,
                          256 * 1024));
          List<ForwardedAnswer> answeredHere = new ArrayList<>();
          for (ForwardedRead read : batch.reads()) {
            if (read.operation() == ReadOperation.CHECK) {
              // a check is answered where it arrives, as over HTTP (bounded by the resolution
              // depth); one that has to wait (for a revision) is answered when it can
              CompletableFuture<ForwardedAnswer> answer = answer(reads, read).toCompletableFuture();
              if (answer.isDone()) {
                answeredHere.add(answer.join());
              } else {
                answer.thenAccept(reply::add);
              }
            } else { // lists and reads may take long: on the executor, in parallel
              CompletableFuture.supplyAsync(() -> answer(reads, read), executor)
                  .thenCompose(Function.identity())
                  .thenAccept(reply::add);
            }
          }
          if (!answeredHere.isEmpty()) {
            batch.replyTo().tell(new ForwardedAnswers(answeredHere));
          }
          return Behaviors.same();
        });
  }
}
