package io.castellan.server.organization;

import io.castellan.protocol.CborSerializable;

/** The caller's identity and intent, carried by every command into the events it causes. */
public record RequestInfo(String actor, String requestId, String reason) implements CborSerializable {

  public static final String ANONYMOUS = "anonymous";

  EventMetadata metadata(long revision, java.time.Instant time) {
    return new EventMetadata(revision, time, actor, requestId, reason);
  }
}
