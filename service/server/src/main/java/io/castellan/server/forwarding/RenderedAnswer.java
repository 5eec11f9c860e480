package io.castellan.server.forwarding;

import io.castellan.protocol.CborSerializable;

/**
 * A read's answer as the hosting node rendered it for the client: HTTP status, JSON bytes (an error
 * body included), and the revision it reflects (-1: none).
 */
public record RenderedAnswer(int status, byte[] json, long revision) implements CborSerializable {}
