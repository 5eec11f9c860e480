package io.castellan.server.forwarding;

import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The nodes going away, as this node sees them: leaving, exiting, downed, removed or unreachable.
 * Their organizations are (or soon will be) elsewhere, so what forwarding keeps per node (where
 * organizations ran, reads waiting for answers) is dropped at once rather than timing out.
 */
public final class NodeDepartures {

  private NodeDepartures() {}

  /** Calls {@code departed} with the address of each node going away. */
  public static void follow(ActorSystem<?> system, Consumer<String> departed) {
    system.systemActorOf(
        Behaviors.<ClusterEvent.ClusterDomainEvent>setup(
            context -> {
              Cluster.get(context.getSystem())
                  .subscriptions()
                  .tell(Subscribe.create(context.getSelf(), ClusterEvent.ClusterDomainEvent.class));
              return Behaviors.receiveMessage(
                  event -> {
                    if (event instanceof ClusterEvent.MemberLeft
                        || event instanceof ClusterEvent.MemberExited
                        || event instanceof ClusterEvent.MemberDowned
                        || event instanceof ClusterEvent.MemberRemoved) {
                      departed.accept(
                          ((ClusterEvent.MemberEvent) event).member().address().toString());
                    } else if (event instanceof ClusterEvent.UnreachableMember unreachable) {
                      departed.accept(unreachable.member().address().toString());
                    }
                    return Behaviors.same();
                  });
            }),
        "node-departures",
        Props.empty());
  }
}
