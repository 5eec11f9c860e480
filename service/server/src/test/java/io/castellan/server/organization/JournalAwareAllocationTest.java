package io.castellan.server.organization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import org.junit.jupiter.api.Test;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Map;
import scala.collection.immutable.Set;
import scala.concurrent.Future;

class JournalAwareAllocationTest {

  private static final Set<String> TO_MOVE =
      scala.collection.immutable.Set$.MODULE$.<String>empty().incl("7").incl("12");

  private static final Set<String> NOTHING = scala.collection.immutable.Set$.MODULE$.empty();

  /** Balancing that always wants shards 7 and 12 moved. */
  private static final ShardCoordinator.ShardAllocationStrategy BALANCING =
      new ShardCoordinator.ShardAllocationStrategy() {
        @Override
        public Future<ActorRef> allocateShard(
            ActorRef requester, String shardId, Map<ActorRef, IndexedSeq<String>> current) {
          return Future.successful(requester);
        }

        @Override
        public Future<Set<String>> rebalance(
            Map<ActorRef, IndexedSeq<String>> current, Set<String> inProgress) {
          return Future.successful(TO_MOVE);
        }
      };

  private static final Map<ActorRef, IndexedSeq<String>> NONE =
      scala.collection.immutable.Map$.MODULE$.empty();

  private final AtomicBoolean reachable = new AtomicBoolean(true);
  private final JournalAwareAllocation allocation =
      new JournalAwareAllocation(BALANCING, reachable::get);

  @Test
  void withTheJournalReachableShardsMoveAsTheBalancingWants() {
    assertEquals(TO_MOVE, allocation.rebalance(NONE, NOTHING).value().get().get());
  }

  @Test
  void withTheJournalUnreachableNoShardMoves() {
    reachable.set(false);
    assertTrue(allocation.rebalance(NONE, NOTHING).value().get().get().isEmpty());
  }

  @Test
  void shardsMoveAgainOnceTheJournalIsBack() {
    reachable.set(false);
    allocation.rebalance(NONE, NOTHING);
    reachable.set(true);
    assertEquals(TO_MOVE, allocation.rebalance(NONE, NOTHING).value().get().get());
  }

  @Test
  void shardsWithoutANodeAreAllocatedEvenWithTheJournalUnreachable() {
    reachable.set(false);
    ActorRef requester = ActorRef.noSender();
    assertEquals(requester, allocation.allocateShard(requester, "3", NONE).value().get().get());
  }
}
