package io.castellan.server.forwarding;

import io.castellan.server.organization.Caller;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** How this node answers a read forwarded to it, from its own memory only. */
@FunctionalInterface
public interface HostedReads {

  /**
   * The answer rendered as this node would send it to its own client (errors included: it never
   * completes exceptionally), or empty when the organization does not run on this node.
   */
  CompletionStage<Optional<RenderedAnswer>> answerIfHosted(
      ReadOperation operation,
      String organizationId,
      byte[] body,
      boolean nativeShape,
      Caller caller);
}
