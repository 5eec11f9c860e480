package io.castellan.server.forwarding;

import io.castellan.server.organization.Caller;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * The reads forwarded to a node that is shutting down: one it cannot answer (503) is answered as
 * not hosted here, so that the node that forwarded it asks where the organization runs now.
 *
 * <p>A node hands its organizations off while it is still an Up member, so other nodes keep
 * forwarding to it; once its shard region has stopped, asking an organization it no longer holds in
 * memory fails at once (Pekko fails an ask whose shard region is terminated). Passed back as a 503,
 * that failure reached clients in the rolling restart of the fault tests, after their one retry.
 */
public final class DepartingHost implements HostedReads {

  private static final int UNAVAILABLE = 503;

  private final HostedReads reads;
  private final BooleanSupplier shuttingDown;

  public DepartingHost(HostedReads reads, BooleanSupplier shuttingDown) {
    this.reads = reads;
    this.shuttingDown = shuttingDown;
  }

  @Override
  public CompletionStage<Optional<RenderedAnswer>> answerIfHosted(
      ReadOperation operation,
      String organizationId,
      byte[] body,
      boolean nativeShape,
      Caller caller) {
    return reads
        .answerIfHosted(operation, organizationId, body, nativeShape, caller)
        .thenApply(
            answer ->
                answer.isPresent()
                        && answer.get().status() == UNAVAILABLE
                        && shuttingDown.getAsBoolean()
                    ? Optional.empty()
                    : answer);
  }
}
