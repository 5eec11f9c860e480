package io.castellan.server.forwarding;

/**
 * A read's answer as the hosting node rendered it for the client: HTTP status, JSON bytes (an error
 * body included), and the revision it reflects (-1: none). It crosses the network inside {@link
 * ForwardedAnswers}.
 */
public record RenderedAnswer(int status, byte[] json, long revision) {}
