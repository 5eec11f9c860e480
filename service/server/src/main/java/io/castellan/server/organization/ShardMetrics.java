package io.castellan.server.organization;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The shards of organizations this node hosts, and how many arrived or left (rebalances, a node
 * joining, leaving or downed), from the region's own state asked every {@code every}: Pekko
 * publishes no rebalance events, so the set of shards is compared between two looks. Gauge {@code
 * castellan.shards.hosted}; counter {@code castellan.shards.moved} with {@code direction} {@code
 * in} or {@code out}.
 */
public final class ShardMetrics {

  private ShardMetrics() {}

  public static void start(ActorSystem<?> system, MeterRegistry registry, Duration every) {
    AtomicInteger hosted = new AtomicInteger();
    registry.gauge("castellan.shards.hosted", hosted);
    Counter arrived =
        Counter.builder("castellan.shards.moved")
            .description("organization shards that came to or left this node")
            .tag("direction", "in")
            .register(registry);
    Counter left =
        Counter.builder("castellan.shards.moved")
            .description("organization shards that came to or left this node")
            .tag("direction", "out")
            .register(registry);
    system.systemActorOf(watcher(hosted, arrived, left, every), "shard-metrics", Props.empty());
  }

  private static Behavior<Object> watcher(
      AtomicInteger hosted, Counter arrived, Counter left, Duration every) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay("look", "look", every);
                  Set<String> shards = new HashSet<>();
                  return Behaviors.receiveMessage(
                      message -> {
                        if (message instanceof ShardRegion.CurrentShardRegionState state) {
                          Set<String> now = new HashSet<>();
                          state.getShards().forEach(shard -> now.add(shard.shardId()));
                          arrived.increment(now.stream().filter(s -> !shards.contains(s)).count());
                          left.increment(shards.stream().filter(s -> !now.contains(s)).count());
                          shards.clear();
                          shards.addAll(now);
                          hosted.set(now.size());
                        } else {
                          ClusterSharding.get(context.getSystem())
                              .shardState()
                              .tell(
                                  new GetShardRegionState(
                                      Organization.ENTITY_KEY, context.getSelf().unsafeUpcast()));
                        }
                        return Behaviors.same();
                      });
                }));
  }
}
