package io.castellan.server.http;

import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One per node: answers the reads other nodes forward here for the organizations this node hosts,
 * from the same in-memory state and code as a read that arrived here over HTTP. Never forwards
 * again: an organization that moved meanwhile is answered with a 503 and the client retries.
 */
final class ReadHost {

  static final ServiceKey<ForwardedRead> KEY = ServiceKey.create(ForwardedRead.class, "castellan-read-host");

  private ReadHost() {}

  /** {@code answerHere}: a read answered on this node, failures rendered as error bodies. */
  static Behavior<ForwardedRead> create(Function<ForwardedRead, java.util.concurrent.CompletionStage<ApiResult>> answerHere) {
    return Behaviors.setup(context -> {
      context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
      return Behaviors.receiveMessage(read -> {
        answerHere.apply(read).thenAccept(read.replyTo()::tell);
        return Behaviors.same();
      });
    });
  }
}
