package io.castellan.server.forwarding;

import java.util.List;

/** Answers sent back together (see {@link Batcher}); serialized by {@link ForwardingSerializer}. */
record ForwardedAnswers(List<ForwardedAnswer> answers) {

  ForwardedAnswers {
    answers = List.copyOf(answers);
  }
}
