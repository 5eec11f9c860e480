package io.castellan.server.forwarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.castellan.server.organization.Caller;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What a node shutting down answers for a read forwarded to it. */
class DepartingHostTest {

  private static HostedReads answering(int status) {
    RenderedAnswer answer =
        new RenderedAnswer(status, "{}".getBytes(StandardCharsets.UTF_8), status == 200 ? 4 : -1);
    return (operation, organizationId, body, nativeShape, caller) ->
        CompletableFuture.completedFuture(Optional.of(answer));
  }

  private static Optional<RenderedAnswer> read(HostedReads reads) {
    return reads
        .answerIfHosted(ReadOperation.CHECK, "org", new byte[0], true, Caller.SYSTEM)
        .toCompletableFuture()
        .join();
  }

  @Test
  void aReadItCannotAnswerWhileShuttingDownIsPassedBackAsNotHosted() {
    assertTrue(read(new DepartingHost(answering(503), () -> true)).isEmpty());
  }

  @Test
  void aReadItCannotAnswerWhileRunningKeepsItsAnswer() {
    assertEquals(503, read(new DepartingHost(answering(503), () -> false)).orElseThrow().status());
  }

  @Test
  void aReadItAnswersWhileShuttingDownKeepsItsAnswer() {
    assertEquals(200, read(new DepartingHost(answering(200), () -> true)).orElseThrow().status());
    assertEquals(400, read(new DepartingHost(answering(400), () -> true)).orElseThrow().status());
  }

  @Test
  void aReadOfAnOrganizationNotHostedStaysNotHosted() {
    HostedReads notHosted =
        (operation, organizationId, body, nativeShape, caller) ->
            CompletableFuture.completedFuture(Optional.empty());
    assertTrue(read(new DepartingHost(notHosted, () -> true)).isEmpty());
  }
}
