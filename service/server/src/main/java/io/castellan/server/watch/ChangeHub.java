package io.castellan.server.watch;

import io.castellan.server.history.AuditLog;
import io.castellan.server.organization.ChangeListener;
import io.castellan.server.organization.OrganizationEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * This node's end of the live change feed. Organizations hosted here publish every journaled change
 * to one cluster-wide topic (Pekko's typed {@link Topic}: one message per node that has
 * subscribers, none to the others); this node's dispatcher hands each organization's changes to its
 * local subscribers. The feed promises no delivery: subscribers read what it skipped from the
 * journal ({@link WatchStream}).
 *
 * <p>One topic rather than one per organization: every topic is a receptionist key, and the
 * receptionist is not meant for one per organization. The price: a node with subscribers receives
 * the changes of every organization, and drops those nobody here watches.
 */
public final class ChangeHub implements ChangeListener {

  private final ActorRef<Topic.Command<LiveChanges>> topic;
  private final ActorRef<LiveChanges> dispatcher;
  private final Map<String, Set<ActorRef<LiveChanges>>> subscribers = new ConcurrentHashMap<>();
  private final WatchSettings settings;
  // places taken, under this hub's lock: per organization and in all
  private final Map<String, Integer> taken = new HashMap<>();
  private int takenInAll;
  private boolean dispatcherSubscribed;

  public ChangeHub(ActorSystem<?> system, WatchSettings settings) {
    this.settings = settings;
    this.topic =
        system.systemActorOf(
            Topic.create(LiveChanges.class, "castellan-changes"),
            "castellan-changes-topic",
            Props.empty());
    this.dispatcher =
        system.systemActorOf(dispatcherBehavior(), "castellan-changes-dispatcher", Props.empty());
  }

  @Override
  public void journaled(String organizationId, List<OrganizationEvent> events) {
    topic.tell(
        Topic.publish(
            new LiveChanges(organizationId, events.stream().map(AuditLog::entry).toList())));
  }

  /**
   * Takes a place for one more subscriber of the organization on this node; false when a limit is
   * reached. Each place taken is given back with {@link #release}.
   */
  synchronized boolean reserve(String organizationId) {
    int ofOrganization = taken.getOrDefault(organizationId, 0);
    if (takenInAll >= settings.maxSubscribers()
        || ofOrganization >= settings.maxSubscribersPerOrganization()) {
      return false;
    }
    taken.put(organizationId, ofOrganization + 1);
    takenInAll++;
    if (!dispatcherSubscribed) { // only nodes with subscribers receive the feed
      topic.tell(Topic.subscribe(dispatcher));
      dispatcherSubscribed = true;
    }
    return true;
  }

  synchronized void release(String organizationId) {
    taken.computeIfPresent(organizationId, (id, count) -> count == 1 ? null : count - 1);
    takenInAll--;
  }

  /** From now on {@code subscriber} gets the organization's live changes. */
  void attach(String organizationId, ActorRef<LiveChanges> subscriber) {
    // in one step with the set's creation: a concurrent detach may remove an empty set
    subscribers.compute(
        organizationId,
        (id, set) -> {
          Set<ActorRef<LiveChanges>> watching = set == null ? ConcurrentHashMap.newKeySet() : set;
          watching.add(subscriber);
          return watching;
        });
  }

  void detach(String organizationId, ActorRef<LiveChanges> subscriber) {
    subscribers.computeIfPresent(
        organizationId,
        (id, set) -> {
          set.remove(subscriber);
          return set.isEmpty() ? null : set;
        });
  }

  private Behavior<LiveChanges> dispatcherBehavior() {
    return Behaviors.receive(LiveChanges.class)
        .onMessage(
            LiveChanges.class,
            changes -> {
              Set<ActorRef<LiveChanges>> watching = subscribers.get(changes.organizationId());
              if (watching != null) {
                for (ActorRef<LiveChanges> subscriber : watching) {
                  subscriber.tell(changes);
                }
              }
              return Behaviors.same();
            })
        .build();
  }
}
