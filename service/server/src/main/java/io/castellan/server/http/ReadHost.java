package io.castellan.server.http;

import io.castellan.server.service.Failures;
import io.castellan.server.service.OrganizationElsewhere;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One per node, at {@link #PATH}: answers the reads other nodes forward here for the organizations
 * this node hosts, from the same in-memory state and code as a read that arrived here over HTTP.
 * The actor only hands each read to {@code executor}, so forwarded reads run in parallel. It never
 * forwards again: for an organization that runs elsewhere it replies {@link ForwardedAnswer#notHosted}.
 */
final class ReadHost {

  static final String NAME = "read-host";
  /** Where a node's read host is, under the node's address. */
  static final String PATH = "/system/" + NAME;

  private ReadHost() {}

  /** {@code answerHere}: the read answered on this node; {@code failed}: a failure as an error body. */
  static Behavior<ForwardedRead> create(Function<ForwardedRead, CompletionStage<ApiResult>> answerHere,
      Function<Throwable, ApiResult> failed, Executor executor) {
    return Behaviors.receiveMessage(read -> {
      CompletableFuture.supplyAsync(() -> answerHere.apply(read), executor)
          .thenCompose(Function.identity())
          .handle((result, failure) -> failure == null ? ForwardedAnswer.of(read.id(), result)
              : Failures.cause(failure) instanceof OrganizationElsewhere ? ForwardedAnswer.notHosted(read.id())
              : ForwardedAnswer.of(read.id(), failed.apply(failure)))
          .thenAccept(read.replyTo()::tell);
      return Behaviors.same();
    });
  }
}
