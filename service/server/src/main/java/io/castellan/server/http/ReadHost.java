package io.castellan.server.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One per node: answers the reads other nodes forward here for the organizations this node hosts,
 * from the same in-memory state and code as a read that arrived here over HTTP. The actor only
 * hands each read to {@code executor}, so forwarded reads run in parallel. It never forwards
 * again: an organization that moved meanwhile is answered with a 503 and the client retries.
 */
final class ReadHost {

  static final ServiceKey<ForwardedRead> KEY = ServiceKey.create(ForwardedRead.class, "castellan-read-host");

  private ReadHost() {}

  /** {@code answerHere}: the read answered on this node; {@code failed}: a failure as an error body. */
  static Behavior<ForwardedRead> create(Function<ForwardedRead, CompletionStage<ApiResult>> answerHere,
      Function<Throwable, ApiResult> failed, Executor executor) {
    return Behaviors.setup(context -> {
      context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
      return Behaviors.receiveMessage(read -> {
        CompletableFuture.supplyAsync(() -> answerHere.apply(read), executor)
            .thenCompose(Function.identity())
            .handle((result, failure) -> failure == null ? result : failed.apply(failure))
            .thenAccept(read.replyTo()::tell);
        return Behaviors.same();
      });
    });
  }
}
