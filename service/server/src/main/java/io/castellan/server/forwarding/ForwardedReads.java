package io.castellan.server.forwarding;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Reads forwarded together to one node (see {@link Batcher}); their answers go to {@code replyTo},
 * the forwarding node's one reply receiver. Serialized by {@link ForwardingSerializer}.
 */
record ForwardedReads(List<ForwardedRead> reads, ActorRef<ForwardedAnswers> replyTo) {

  ForwardedReads {
    reads = List.copyOf(reads);
  }
}
