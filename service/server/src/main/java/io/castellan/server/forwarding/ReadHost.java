package io.castellan.server.forwarding;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
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

  private static Behavior<ForwardedRead> create(HostedReads reads, Executor executor) {
    return Behaviors.receiveMessage(
        read -> {
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
              .thenAccept(read.replyTo()::tell);
          return Behaviors.same();
        });
  }
}
