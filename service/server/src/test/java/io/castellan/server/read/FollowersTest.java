package io.castellan.server.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.castellan.server.organization.EventMetadata;
import io.castellan.server.organization.JournaledTuple;
import io.castellan.server.organization.OrganizationEvent;
import io.castellan.server.organization.OrganizationEvent.OrganizationCreated;
import io.castellan.server.organization.OrganizationEvent.OrganizationDeleted;
import io.castellan.server.organization.OrganizationEvent.TuplesWritten;
import io.castellan.server.organization.OrganizationState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A node's copies of organizations hosted elsewhere: started by forwarded reads, kept in revision
 * order from the feed and the journal, never answering older than what the node acknowledged.
 */
class FollowersTest {

  private static final String ORG = "acme";
  private static final int AFTER = 3;

  /** The journal as the host wrote it, answered at once or when the test says. */
  private static final class FakeJournal implements Followers.Journal {
    final List<OrganizationEvent> events = new ArrayList<>();
    final List<CompletableFuture<OrganizationState>> loads = new ArrayList<>();
    final AtomicInteger reads = new AtomicInteger();
    boolean holdLoads;
    boolean failReads;

    void write(OrganizationEvent event) {
      events.add(event);
    }

    OrganizationState replayed(String organizationId) {
      OrganizationState state = OrganizationState.empty(organizationId);
      for (OrganizationEvent event : events) {
        state = state.apply(event);
      }
      return state;
    }

    @Override
    public CompletionStage<OrganizationState> newest(String organizationId) {
      if (!holdLoads) {
        return CompletableFuture.completedFuture(replayed(organizationId));
      }
      CompletableFuture<OrganizationState> load = new CompletableFuture<>();
      loads.add(load);
      // the journal as it is when the load completes
      return load.thenApply(ignored -> replayed(organizationId));
    }

    @Override
    public CompletionStage<List<OrganizationEvent>> eventsAfter(
        String organizationId, long revision) {
      reads.incrementAndGet();
      if (failReads) {
        return CompletableFuture.failedFuture(new IllegalStateException("Cassandra is down"));
      }
      return CompletableFuture.completedFuture(
          events.stream().filter(e -> e.metadata().revision() > revision).toList());
    }
  }

  private final FakeJournal journal = new FakeJournal();
  private final AtomicLong now = new AtomicLong();
  private final AtomicInteger subscriptions = new AtomicInteger();
  private final Followers followers =
      new Followers(
          new Followers.Settings(true, AFTER, 2, 5, Duration.ofSeconds(60), Duration.ofSeconds(2)),
          journal,
          ignored -> subscriptions.incrementAndGet(),
          now::get);

  private static OrganizationEvent created() {
    return new OrganizationCreated(new EventMetadata(1, Instant.EPOCH, "a", "r", null), "Acme");
  }

  private static OrganizationEvent written(long revision) {
    return new TuplesWritten(
        new EventMetadata(revision, Instant.EPOCH, "a", "r", null),
        List.of(new JournaledTuple("document:" + revision, "viewer", "user:anne", null, null)),
        List.of());
  }

  /** The host journals (and so publishes) the revisions up to {@code revision}. */
  private List<OrganizationEvent> hostWrites(long from, long to) {
    List<OrganizationEvent> written = new ArrayList<>();
    for (long r = from; r <= to; r++) {
      OrganizationEvent event = r == 1 ? created() : written(r);
      journal.write(event);
      written.add(event);
    }
    return written;
  }

  private void forwardEnough(String organizationId) {
    for (int i = 0; i < AFTER; i++) {
      followers.forwarded(organizationId);
    }
  }

  private long followedRevision() {
    OrganizationState state = followers.state(ORG, 0);
    return state == null ? -1 : state.revision();
  }

  @Test
  void anOrganizationIsFollowedOnceEnoughOfItsReadsWereForwarded() {
    hostWrites(1, 4);
    for (int i = 0; i < AFTER - 1; i++) {
      followers.forwarded(ORG);
    }
    assertNull(followers.state(ORG, 0));
    followers.forwarded(ORG);
    assertEquals(4, followedRevision());
    assertEquals(1, subscriptions.get());
  }

  @Test
  void publishedEventsAreAppliedInRevisionOrder() {
    hostWrites(1, 2);
    forwardEnough(ORG);
    followers.journaled(ORG, hostWrites(3, 4));
    assertEquals(4, followedRevision());
    assertEquals(0, journal.reads.get());
  }

  @Test
  void eventsPublishedWhileTheStateLoadsAreAppliedAfterIt() {
    hostWrites(1, 2);
    journal.holdLoads = true;
    forwardEnough(ORG);
    followers.journaled(ORG, hostWrites(3, 3)); // the load will see it too
    followers.journaled(ORG, hostWrites(4, 5));
    assertNull(followers.state(ORG, 0));
    journal.loads.get(0).complete(null);
    assertEquals(5, followedRevision());
  }

  @Test
  void aGapInThePublishedRevisionsIsFilledFromTheJournal() {
    hostWrites(1, 2);
    forwardEnough(ORG);
    hostWrites(3, 4); // their publication was lost
    followers.journaled(ORG, hostWrites(5, 5));
    assertEquals(5, followedRevision());
    assertEquals(1, journal.reads.get());
  }

  @Test
  void aRepeatedPublicationChangesNothing() {
    hostWrites(1, 2);
    forwardEnough(ORG);
    List<OrganizationEvent> third = hostWrites(3, 3);
    followers.journaled(ORG, third);
    followers.journaled(ORG, third);
    assertEquals(3, followedRevision());
    assertEquals(journal.replayed(ORG).tuples().size(), followers.state(ORG, 0).tuples().size());
  }

  @Test
  void aFollowerBehindAChangeThisNodeAcknowledgedAnswersNothingUntilItHasIt() {
    hostWrites(1, 2);
    forwardEnough(ORG);
    List<OrganizationEvent> third = hostWrites(3, 3);
    followers.acknowledged(ORG, 3);
    assertNull(followers.state(ORG, 0));
    followers.journaled(ORG, third);
    assertEquals(3, followedRevision());
  }

  @Test
  void aFollowerBehindTheRevisionAReadAsksForAnswersNothing() {
    hostWrites(1, 2);
    forwardEnough(ORG);
    assertNull(followers.state(ORG, 3));
    assertEquals(2, followers.state(ORG, 2).revision());
  }

  @Test
  void aDeletedOrganizationIsNotAnsweredByItsFollower() {
    hostWrites(1, 2);
    forwardEnough(ORG);
    OrganizationEvent deleted =
        new OrganizationDeleted(new EventMetadata(3, Instant.EPOCH, "a", "r", null));
    journal.write(deleted);
    followers.journaled(ORG, List.of(deleted));
    assertNull(followers.state(ORG, 0));
  }

  @Test
  void aSweepFindsInTheJournalWhatAQuietFeedLost() {
    hostWrites(1, 2);
    forwardEnough(ORG);
    hostWrites(3, 3); // lost, and nothing written since
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    followers.state(ORG, 0); // read here
    followers.sweep();
    assertEquals(3, followedRevision());
  }

  @Test
  void aFollowerNotConfirmedCurrentForThreeVerifyPeriodsAnswersNothingUntilTheJournalConfirmsIt() {
    hostWrites(1, 2);
    forwardEnough(ORG);
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    assertEquals(2, followedRevision());
    now.addAndGet(Duration.ofSeconds(2).toNanos()); // no event, no journal read: cut off?
    assertNull(followers.state(ORG, 0));
    followers.sweep(); // it was asked for: the journal is read
    assertEquals(2, followedRevision());
  }

  @Test
  void aFollowerBehindAnAcknowledgedChangeWhosePublicationWasLostCatchesUpAtTheSweep() {
    hostWrites(1, 2);
    forwardEnough(ORG);
    hostWrites(3, 3); // its publication was lost
    followers.acknowledged(ORG, 3);
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertNull(followers.state(ORG, 0)); // forwarded, but asked for
    followers.sweep();
    assertEquals(3, followedRevision());
  }

  @Test
  void aFailedJournalReadLeavesTheFollowerToTheNextSweep() {
    hostWrites(1, 2);
    forwardEnough(ORG);
    journal.failReads = true;
    now.addAndGet(Duration.ofSeconds(3).toNanos());
    followers.state(ORG, 0);
    followers.sweep();
    now.addAndGet(Duration.ofSeconds(4).toNanos());
    assertNull(followers.state(ORG, 0));
    journal.failReads = false;
    followers.sweep();
    assertEquals(2, followedRevision());
  }

  @Test
  void itsHostsRevisionConfirmsAFollowerAtThatRevisionWithoutTheJournal() {
    hostWrites(1, 2);
    forwardEnough(ORG);
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    followers.revisions(Map.of(ORG, 2L, "other", 9L));
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    assertEquals(2, followedRevision());
    assertEquals(0, journal.reads.get());
  }

  @Test
  void itsHostsRevisionAheadOfAFollowerDoesNotConfirmIt() {
    hostWrites(1, 2);
    forwardEnough(ORG);
    hostWrites(3, 3); // lost
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    followers.revisions(Map.of(ORG, 3L));
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertNull(followers.state(ORG, 0));
    followers.sweep();
    assertEquals(3, followedRevision());
  }

  @Test
  void aFollowerNotReadForTheIdleTimeoutIsDropped() {
    hostWrites(1, 2);
    forwardEnough(ORG);
    now.addAndGet(Duration.ofSeconds(61).toNanos());
    followers.sweep();
    assertEquals(0, followers.size());
    assertNull(followers.state(ORG, 0));
  }

  @Test
  void noMoreThanMaxOrganizationsAreFollowed() {
    hostWrites(1, 2);
    forwardEnough("a");
    forwardEnough("b");
    forwardEnough("c");
    assertEquals(2, followers.size());
  }

  @Test
  void noOrganizationIsFollowedOnceTheFollowedHoldMaxTuples() {
    hostWrites(1, 6); // five tuples: the limit
    forwardEnough("a");
    forwardEnough("b");
    assertEquals(1, followers.size());
  }

  @Test
  void disabledFollowersFollowNothing() {
    Followers disabled =
        new Followers(
            new Followers.Settings(
                false, 1, 10, 1_000, Duration.ofSeconds(60), Duration.ofSeconds(2)),
            journal,
            ignored -> subscriptions.incrementAndGet(),
            now::get);
    hostWrites(1, 2);
    disabled.forwarded(ORG);
    assertNull(disabled.state(ORG, 0));
    assertEquals(0, subscriptions.get());
  }
}
