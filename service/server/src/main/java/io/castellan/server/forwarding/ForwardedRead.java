package io.castellan.server.forwarding;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.protocol.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A read request passed on, body and all, to the node that hosts the organization; the answer
 * (success or error body) is exactly what that node would have sent its own client. It goes to
 * {@code replyTo}, the forwarding node's one reply receiver, under {@code id}.
 */
record ForwardedRead(
    long id,
    ReadOperation operation,
    String organizationId,
    JsonNode body,
    boolean nativeShape,
    ActorRef<ForwardedAnswer> replyTo)
    implements CborSerializable {}
