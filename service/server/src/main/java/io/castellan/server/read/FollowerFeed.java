package io.castellan.server.read;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.castellan.protocol.CborSerializable;
import io.castellan.server.organization.ChangeListener;
import io.castellan.server.organization.OrganizationEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>Each node also publishes, every {@code castellan.followers.verify-every}, the revision of
 * every organization it hosts ({@link Revisions}): a follower at that revision is confirmed current
 * without reading the journal (it reads the journal only when it hears neither events nor revisions
 * of its organization).
 */
public final class FollowerFeed implements ChangeListener {

  /** What travels on the feed. */
  public sealed interface Message extends CborSerializable {}

  /** The events of one journal write of an organization: contiguous revisions, in order. */
  public record Journaled(
      String organizationId,
      @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) List<OrganizationEvent> events)
      implements Message {

    public Journaled {
      events = List.copyOf(events);
    }
  }

  /**
   * The newest revision of organizations hosted by the node that sent it. It may overtake the
   * events of that revision: it confirms only a follower already at it.
   */
  public record Revisions(Map<String, Long> revisions) implements Message {

    public Revisions {
      revisions = Map.copyOf(revisions);
    }
  }

  // organizations per revisions message, so that one stays far below the large-message frame
  private static final int REVISIONS_PER_MESSAGE = 5_000;

  private final ActorSystem<?> system;
  private final ActorRef<Topic.Command<Message>> topic;

  public FollowerFeed(ActorSystem<?> system) {
    this.system = system;
    this.topic =
        system.systemActorOf(
            Topic.create(Message.class, "castellan-follower-events"),
            "castellan-follower-events-topic",
            Props.empty());
  }

  @Override
  public void journaled(String organizationId, List<OrganizationEvent> events) {
    topic.tell(Topic.publish(new Journaled(organizationId, events)));
  }

  /** Publishes the revision of every organization in {@code hosted} (those hosted here). */
  public void publishRevisions(SnapshotRegistry hosted) {
    Map<String, Long> batch = new HashMap<>();
    for (Map.Entry<String, Long> hostedHere : hosted.revisions().entrySet()) {
      batch.put(hostedHere.getKey(), hostedHere.getValue());
      if (batch.size() == REVISIONS_PER_MESSAGE) {
        topic.tell(Topic.publish(new Revisions(batch)));
        batch = new HashMap<>();
      }
    }
    if (!batch.isEmpty()) {
      topic.tell(Topic.publish(new Revisions(batch)));
    }
  }

  /** From now on this node's {@code followers} get every organization's published events. */
  public void subscribe(Followers followers) {
    // a failure applying one organization's events must not stop the feed of all the others
    ActorRef<Message> receiver =
        system.systemActorOf(
            Behaviors.supervise(
                    Behaviors.receiveMessage(
                        (Message message) -> {
                          if (message instanceof Journaled journaled) {
                            followers.journaled(journaled.organizationId(), journaled.events());
                          } else if (message instanceof Revisions revisions) {
                            followers.revisions(revisions.revisions());
                          }
                          return Behaviors.same();
                        }))
                .onFailure(SupervisorStrategy.resume()),
            "castellan-follower-events",
            Props.empty());
    topic.tell(Topic.subscribe(receiver));
  }
}
