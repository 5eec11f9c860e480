package io.castellan.server.organization;

import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Map;
import scala.collection.immutable.Set;
import scala.concurrent.Future;

/**
 * Pekko's shard allocation, except that no organization is moved to balance the nodes while the
 * journal cannot be reached. A moved organization recovers from the journal on its new node: moved
 * while Cassandra is down, it would answer nothing, reads included, until Cassandra returned; left
 * where it is, it keeps answering reads from memory. The balance is made up once the journal is
 * back (the coordinator asks again every {@code rebalance-interval}). Shards without a node (their
 * node was lost) are still allocated: they cannot be answered anywhere until the journal returns.
 */
public final class JournalAwareAllocation
    implements ShardCoordinator.ActorSystemDependentAllocationStrategy {

  private static final Logger LOG = LoggerFactory.getLogger(JournalAwareAllocation.class);

  private final ShardCoordinator.ShardAllocationStrategy balancing;
  private final BooleanSupplier journalReachable;
  // only the coordinator's thread asks: each change is logged once, from the first time the
  // journal was reached (a node starting up is not yet connected)
  private boolean reachedOnce;
  private boolean withheld;

  public JournalAwareAllocation(
      ShardCoordinator.ShardAllocationStrategy balancing, BooleanSupplier journalReachable) {
    this.balancing = balancing;
    this.journalReachable = journalReachable;
  }

  @Override
  public void start(ActorSystem system) {
    if (balancing instanceof ShardCoordinator.ActorSystemDependentAllocationStrategy dependent) {
      dependent.start(system);
    } else if (balancing instanceof ShardCoordinator.StartableAllocationStrategy startable) {
      startable.start();
    }
  }

  @Override
  public Future<ActorRef> allocateShard(
      ActorRef requester, String shardId, Map<ActorRef, IndexedSeq<String>> current) {
    return balancing.allocateShard(requester, shardId, current);
  }

  @Override
  public Future<Set<String>> rebalance(
      Map<ActorRef, IndexedSeq<String>> current, Set<String> inProgress) {
    if (!journalReachable.getAsBoolean()) {
      if (reachedOnce && !withheld) {
        LOG.warn("the journal cannot be reached: no organization moves until it can");
        withheld = true;
      }
      return Future.successful(scala.collection.immutable.Set$.MODULE$.<String>empty());
    }
    if (withheld) {
      LOG.info("the journal can be reached again: organizations move to balance the nodes");
      withheld = false;
    }
    reachedOnce = true;
    return balancing.rebalance(current, inProgress);
  }
}
