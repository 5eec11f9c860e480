package io.castellan.server.http;

import io.castellan.protocol.CborSerializable;

/**
 * A read host's reply to a {@link ForwardedRead}: the answer its own client would have had, or
 * {@code notHosted} (and no answer) when the organization does not run there.
 */
record ForwardedAnswer(ApiResult answer, boolean notHosted) implements CborSerializable {

  static final ForwardedAnswer NOT_HOSTED = new ForwardedAnswer(null, true);

  static ForwardedAnswer of(ApiResult answer) {
    return new ForwardedAnswer(answer, false);
  }
}
