package io.castellan.server.journal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.loadbalancing.NodeDistance;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * Whether this node can reach the journal now: the Cassandra driver of the journal's session sees
 * more than half of the Cassandra nodes of its own datacenter up (the journal writes and reads at
 * QUORUM, see persistence.conf; one node of one is enough for a local Cassandra). The driver marks
 * a node down as soon as it has lost every connection to it (a Cassandra stopped or killed), and up
 * again when it reconnects, so asking costs nothing and does not wait for a request to fail.
 */
public final class JournalReachability implements BooleanSupplier {

  private final ActorSystem<?> system;
  // null until the journal has answered once: asking the registry for the session earlier would
  // create it without the journal plugin's hook that creates the keyspaces and tables (the
  // registry keeps the first creator's), and a fresh local Cassandra would get none
  private volatile CompletableFuture<CqlSession> session;

  private JournalReachability(ActorSystem<?> system) {
    this.system = system;
  }

  /** Unreachable until {@link #journalAnswered}. */
  public static JournalReachability of(ActorSystem<?> system) {
    return new JournalReachability(system);
  }

  /** The journal has answered (the startup probe): from now on, ask its session. */
  public void journalAnswered() {
    session =
        CassandraSessionRegistry.get(system)
            .sessionFor("pekko.persistence.cassandra")
            .underlying()
            .toCompletableFuture();
  }

  /** False also before the journal first answered, or if its session could not connect. */
  @Override
  public boolean getAsBoolean() {
    CompletableFuture<CqlSession> session = this.session;
    if (session == null || !session.isDone() || session.isCompletedExceptionally()) {
      return false;
    }
    int local = 0;
    int up = 0;
    for (Node node : session.join().getMetadata().getNodes().values()) {
      if (node.getDistance() == NodeDistance.LOCAL) {
        local++;
        if (node.getState() == NodeState.UP) {
          up++;
        }
      }
    }
    return up > local / 2;
  }
}
