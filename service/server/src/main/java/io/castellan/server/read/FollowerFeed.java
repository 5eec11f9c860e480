package io.castellan.server.read;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.castellan.protocol.CborSerializable;
import io.castellan.server.organization.ChangeListener;
import io.castellan.server.organization.OrganizationEvent;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * The events of every journal write, published by the organizations hosted here to the nodes that
 * follow organizations ({@link Followers}), on one cluster-wide topic: a node with no follower
 * subscribes to nothing and receives nothing. The events themselves travel, not their audit form: a
 * follower applies them with the same handlers as the entity.
 *
 * <p>The price of one topic (as for {@link io.castellan.server.watch.ChangeHub}: a topic per
 * organization would be a receptionist key per organization): a node that follows any organization
 * receives every organization's events, and drops those it does not follow.
 */
public final class FollowerFeed implements ChangeListener {

  /** The events of one journal write of an organization: contiguous revisions, in order. */
  public record Journaled(
      String organizationId,
      @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) List<OrganizationEvent> events)
      implements CborSerializable {

    public Journaled {
      events = List.copyOf(events);
    }
  }

  private final ActorSystem<?> system;
  private final ActorRef<Topic.Command<Journaled>> topic;

  public FollowerFeed(ActorSystem<?> system) {
    this.system = system;
    this.topic =
        system.systemActorOf(
            Topic.create(Journaled.class, "castellan-follower-events"),
            "castellan-follower-events-topic",
            Props.empty());
  }

  @Override
  public void journaled(String organizationId, List<OrganizationEvent> events) {
    topic.tell(Topic.publish(new Journaled(organizationId, events)));
  }

  /** From now on this node's {@code followers} get every organization's published events. */
  public void subscribe(Followers followers) {
    // a failure applying one organization's events must not stop the feed of all the others
    ActorRef<Journaled> receiver =
        system.systemActorOf(
            Behaviors.supervise(
                    Behaviors.receiveMessage(
                        (Journaled journaled) -> {
                          followers.journaled(journaled.organizationId(), journaled.events());
                          return Behaviors.same();
                        }))
                .onFailure(SupervisorStrategy.resume()),
            "castellan-follower-events",
            Props.empty());
    topic.tell(Topic.subscribe(receiver));
  }
}
