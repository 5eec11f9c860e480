package io.castellan.server.forwarding;

import io.castellan.protocol.CborSerializable;

/**
 * A read host's reply to the {@link ForwardedRead} with the same {@code id}: the answer its own
 * client would have had, or {@code notHosted} (and no answer) when the organization does not run
 * there.
 */
record ForwardedAnswer(long id, RenderedAnswer answer, boolean notHosted)
    implements CborSerializable {

  static ForwardedAnswer notHosted(long id) {
    return new ForwardedAnswer(id, null, true);
  }

  static ForwardedAnswer of(long id, RenderedAnswer answer) {
    return new ForwardedAnswer(id, answer, false);
  }
}
