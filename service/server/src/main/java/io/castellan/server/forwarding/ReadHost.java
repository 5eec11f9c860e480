package io.castellan.server.forwarding;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * The actor only hands each read to {@code executor}, so forwarded reads run in parallel. It never
 * forwards again: for an organization that runs elsewhere it replies {@link
 * ForwardedAnswer#notHosted}.
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
          for (ForwardedRead read : batch.reads()) {
            CompletableFuture.supplyAsync(
                    () ->
                        reads.answerIfHosted(
                            read.operation(),
                            read.organizationId(),
                            read.body(),
                            read.nativeShape(),
                            read.caller()),
                    executor)
                .thenCompose(Function.identity())
                .thenApply(
                    answer ->
                        answer
                            .map(rendered -> ForwardedAnswer.of(read.id(), rendered))
                            .orElseGet(() -> ForwardedAnswer.notHosted(read.id())))
                .thenAccept(reply::add);
          }
          return Behaviors.same();
        });
  }
}
