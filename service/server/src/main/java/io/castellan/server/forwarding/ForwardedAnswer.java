package io.castellan.server.forwarding;

/**
 * A read host's reply to the {@link ForwardedRead} with the same {@code id}: the answer its own
 * client would have had, or {@code notHosted} (and no answer) when the organization does not run
 * there.
 */
record ForwardedAnswer(long id, RenderedAnswer answer, boolean notHosted) {

  static ForwardedAnswer notHosted(long id) {
    return new ForwardedAnswer(id, null, true);
  }

  static ForwardedAnswer of(long id, RenderedAnswer answer) {
    return new ForwardedAnswer(id, answer, false);
  }

  /** How many bytes it takes on the wire, about: what a batch of answers is limited by. */
  int size() {
    return answer == null ? 16 : answer.json().length + 32;
  }
}
