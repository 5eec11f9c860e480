package io.castellan.server.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.castellan.server.organization.EventMetadata;
import io.castellan.server.organization.JournaledTuple;
import io.castellan.server.organization.OrganizationEvent.OrganizationCreated;
import io.castellan.server.organization.OrganizationEvent.TuplesWritten;
import io.castellan.server.organization.OrganizationState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Reads that demand a revision: answered at it or later, waiting a bounded time for it. */
class SnapshotRegistryTest {

  private final SnapshotRegistry registry = new SnapshotRegistry(Runnable::run);

  private static OrganizationState atRevision(long revision) {
    OrganizationState state =
        OrganizationState.empty("acme")
            .apply(
                new OrganizationCreated(
                    new EventMetadata(1, Instant.EPOCH, "a", "r", null), "Acme"));
    for (long r = 2; r <= revision; r++) {
      state =
          state.apply(
              new TuplesWritten(
                  new EventMetadata(r, Instant.EPOCH, "a", "r", null),
                  List.of(new JournaledTuple("document:" + r, "viewer", "user:anne", null, null)),
                  List.of()));
    }
    return state;
  }

  @Test
  void aReadDemandingAPublishedRevisionIsAnsweredAtOnce() throws Exception {
    registry.publish(atRevision(3));
    assertEquals(
        3,
        registry
            .awaitRevision("acme", 2, Duration.ofSeconds(1))
            .toCompletableFuture()
            .getNow(null)
            .revision());
  }

  @Test
  void aReadDemandingALaterRevisionWaitsUntilItIsPublished() throws Exception {
    registry.publish(atRevision(2));
    CompletableFuture<OrganizationState> read =
        registry.awaitRevision("acme", 3, Duration.ofSeconds(10)).toCompletableFuture();
    assertFalse(read.isDone(), "answered at revision 2 although it demanded 3");
    registry.publish(atRevision(3));
    assertEquals(3, read.get(1, TimeUnit.SECONDS).revision());
  }

  @Test
  void aRevisionNotPublishedInTimeFailsTheReadWithATimeout() {
    registry.publish(atRevision(2));
    CompletableFuture<OrganizationState> read =
        registry.awaitRevision("acme", 9, Duration.ofMillis(50)).toCompletableFuture();
    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> read.get(5, TimeUnit.SECONDS));
    assertInstanceOf(TimeoutException.class, failure.getCause());
  }

  /** A registry whose listener hands what it is told, as one line each, to {@code told}. */
  private static SnapshotRegistry listenedBy(Consumer<String> told) {
    return new SnapshotRegistry(
        Runnable::run,
        new SnapshotRegistry.Listener() {
          @Override
          public void published(OrganizationState previous, OrganizationState state) {
            told.accept(
                (previous == null ? "none" : "r" + previous.revision()) + "->r" + state.revision());
          }

          @Override
          public void withdrawn(String organizationId) {
            told.accept("withdrawn " + organizationId);
          }
        });
  }

  @Test
  void itsListenerIsToldOfEachStateWithTheOneItReplacesAndOfAWithdrawal() {
    List<String> told = new ArrayList<>();
    SnapshotRegistry listened = listenedBy(told::add);
    listened.publish(atRevision(2));
    listened.publish(atRevision(3));
    listened.withdraw("acme");
    listened.publish(atRevision(4));
    assertEquals(List.of("none->r2", "r2->r3", "withdrawn acme", "none->r4"), told);
  }

  @Test
  void aListenerThatFailsNeitherFailsThePublicationNorHidesTheState() {
    SnapshotRegistry listened =
        listenedBy(
            line -> {
              throw new IllegalStateException("broken listener: " + line);
            });
    listened.publish(atRevision(2));
    assertEquals(2, listened.current("acme").revision());
    listened.withdraw("acme");
    assertEquals(null, listened.current("acme"));
  }
}
