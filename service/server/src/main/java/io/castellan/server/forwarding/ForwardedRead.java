package io.castellan.server.forwarding;

import io.castellan.server.organization.Caller;

/**
 * A read request passed on, body and all, to the node that hosts the organization; the answer
 * (success or error body) is exactly what that node would have sent its own client. It travels in
 * {@link ForwardedReads}, and its answer comes back under {@code id}. The caller travels with it:
 * the hosting node decides what it may do, with the organization's state.
 */
record ForwardedRead(
    long id,
    ReadOperation operation,
    String organizationId,
    byte[] body,
    boolean nativeShape,
    Caller caller) {}
