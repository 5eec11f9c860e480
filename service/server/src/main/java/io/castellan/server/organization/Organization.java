package io.castellan.server.organization;

import io.castellan.server.organization.OrganizationCommand.Create;
import io.castellan.server.organization.OrganizationCommand.Delete;
import io.castellan.server.organization.OrganizationCommand.FlushWrites;
import io.castellan.server.organization.OrganizationCommand.GetSummary;
import io.castellan.server.organization.OrganizationCommand.ModelWriteResult;
import io.castellan.server.organization.OrganizationCommand.Summary;
import io.castellan.server.organization.OrganizationCommand.WriteModel;
import io.castellan.server.organization.OrganizationCommand.WriteTuples;
import io.castellan.server.organization.OrganizationEvent.ModelWritten;
import io.castellan.server.organization.OrganizationEvent.OrganizationCreated;
import io.castellan.server.organization.OrganizationEvent.OrganizationDeleted;
import io.castellan.server.organization.OrganizationEvent.TuplesWritten;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One organization: serializes its changes, journals them to Cassandra before acknowledging, and
 * publishes each new immutable state to the node's {@link SnapshotRegistry} for reads.
 *
 * <p>Group commit: a tuple write is queued and a flush is sent to self; writes arriving while a
 * persist is in flight are stashed by Pekko, queued behind it, and all go out in the next flush as
 * one atomic journal write. One organization thus sustains far more writes per second than one
 * journal round trip per write would allow.
 */
public final class Organization
    extends EventSourcedBehaviorWithEnforcedReplies<OrganizationCommand, OrganizationEvent, OrganizationState> {

  public static final EntityTypeKey<OrganizationCommand> ENTITY_KEY =
      EntityTypeKey.create(OrganizationCommand.class, "Organization");

  /** Most writes journaled together by one group commit. */
  static final int MAX_WRITES_PER_FLUSH = 200;

  /** Entity tuning: snapshot cadence. */
  public record Settings(int snapshotEvery, int snapshotKeep) {}

  private final String id;
  /** This node's address: where reads of this organization are answered. */
  private final String host;
  private final ActorContext<OrganizationCommand> context;
  private final SnapshotRegistry registry;
  private final Settings settings;
  private final Clock clock;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private List<WriteTuples> queued = new ArrayList<>();
  private boolean flushRequested;

  public static void init(ActorSystem<?> system, SnapshotRegistry registry, Settings settings) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY,
        entityContext -> Behaviors.setup(context -> new Organization(entityContext.getEntityId(), context, registry,
            settings, Clock.systemUTC(), entityContext.getShard()))));
  }

  /** An organization outside sharding (tests): it is never passivated. */
  public static Behavior<OrganizationCommand> create(
      String id, SnapshotRegistry registry, Settings settings, Clock clock) {
    return Behaviors.setup(context -> new Organization(id, context, registry, settings, clock, null));
  }

  private Organization(String id, ActorContext<OrganizationCommand> context, SnapshotRegistry registry,
      Settings settings, Clock clock, ActorRef<ClusterSharding.ShardCommand> shard) {
    super(PersistenceId.of(ENTITY_KEY.name(), id),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.id = id;
    this.host = context.getSystem().address().toString();
    this.context = context;
    this.registry = registry;
    this.settings = settings;
    this.clock = clock;
    this.shard = shard;
  }

  @Override
  public OrganizationState emptyState() {
    return OrganizationState.empty(id);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), settings.snapshotKeep());
  }

  @Override
  public SignalHandler<OrganizationState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), registry::publish)
        .onSignal(PostStop.instance(), state -> registry.withdraw(id))
        .build();
  }

  @Override
  public CommandHandlerWithReply<OrganizationCommand, OrganizationEvent, OrganizationState> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder.forAnyState()
        .onCommand(Create.class, this::onCreate)
        .onCommand(Delete.class, this::onDelete)
        .onCommand(WriteModel.class, this::onWriteModel)
        .onCommand(WriteTuples.class, this::onWriteTuples)
        .onCommand(FlushWrites.class, this::onFlushWrites)
        .onCommand(GetSummary.class, (state, command) -> answer(state, command.replyTo(), Summary.of(state, host)));
    return builder.build();
  }

  @Override
  public EventHandler<OrganizationState, OrganizationEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(OrganizationState::apply);
  }

  private ReplyEffect<OrganizationEvent, OrganizationState> onCreate(OrganizationState state, Create command) {
    if (state.status() != OrganizationState.Status.NEW) {
      return Effect().reply(command.replyTo(), error(state.isActive()
          ? new OrganizationError(OrganizationError.ALREADY_EXISTS, "organization '" + id + "' already exists")
          : new OrganizationError(OrganizationError.ALREADY_EXISTS, "organization '" + id + "' was deleted")));
    }
    return Effect()
        .persist(new OrganizationCreated(command.request().metadata(state.revision() + 1, now()), command.name()))
        .thenRun(registry::publish)
        .thenReply(command.replyTo(), created -> StatusReply.success(Summary.of(created, host)));
  }

  private ReplyEffect<OrganizationEvent, OrganizationState> onDelete(OrganizationState state, Delete command) {
    if (!state.isActive()) {
      return answer(state, command.replyTo(), notFound());
    }
    return Effect()
        .persist(new OrganizationDeleted(command.request().metadata(state.revision() + 1, now())))
        .thenRun(registry::publish)
        .thenReply(command.replyTo(), deleted -> StatusReply.success(Summary.of(deleted, host)));
  }

  private ReplyEffect<OrganizationEvent, OrganizationState> onWriteModel(OrganizationState state, WriteModel command) {
    if (!state.isActive()) {
      return answer(state, command.replyTo(), notFound());
    }
    String modelId = Ulid.next(now());
    return Effect()
        .persist(new ModelWritten(command.request().metadata(state.revision() + 1, now()), modelId, command.modelJson()))
        .thenRun(registry::publish)
        .thenReply(command.replyTo(), written -> StatusReply.success(new ModelWriteResult(modelId, written.revision())));
  }

  private ReplyEffect<OrganizationEvent, OrganizationState> onWriteTuples(OrganizationState state, WriteTuples command) {
    if (!state.isActive()) {
      return answer(state, command.replyTo(), notFound());
    }
    queued.add(command);
    if (!flushRequested) {
      flushRequested = true;
      context.getSelf().tell(FlushWrites.INSTANCE);
    }
    return Effect().noReply();
  }

  /**
   * Validates the queued writes in order, each against the state the earlier ones leave, and
   * journals the valid ones in one atomic write. At most {@link #MAX_WRITES_PER_FLUSH} per flush,
   * so one journal write stays well under Cassandra's mutation size; the rest go in the next flush.
   * Every reply, refusals included, is sent only once the journal write succeeded: a refusal may
   * depend on an earlier write of the same batch.
   */
  private ReplyEffect<OrganizationEvent, OrganizationState> onFlushWrites(OrganizationState state, FlushWrites flush) {
    List<WriteTuples> batch;
    if (queued.size() <= MAX_WRITES_PER_FLUSH) {
      batch = queued;
      queued = new ArrayList<>();
      flushRequested = false;
    } else {
      batch = new ArrayList<>(queued.subList(0, MAX_WRITES_PER_FLUSH));
      queued = new ArrayList<>(queued.subList(MAX_WRITES_PER_FLUSH, queued.size()));
      context.getSelf().tell(FlushWrites.INSTANCE);
    }
    var tuples = state.tuples();
    long revision = state.revision();
    Instant time = now();
    List<OrganizationEvent> events = new ArrayList<>();
    List<Runnable> replies = new ArrayList<>();
    for (WriteTuples command : batch) {
      if (!state.isActive()) {
        replies.add(() -> command.replyTo().tell(notFound()));
        continue;
      }
      try {
        WriteValidation.Changes changes = WriteValidation.validate(state, tuples, command);
        if (!changes.isEmpty()) {
          revision++;
          tuples = tuples.apply(changes.deletes(), changes.writes());
          events.add(new TuplesWritten(command.request().metadata(revision, time),
              changes.writes().stream().map(TupleRecord::of).toList(),
              changes.deletes().stream().map(TupleRecord::of).toList()));
        }
        long appliedAt = revision;
        replies.add(() -> command.replyTo().tell(StatusReply.success(appliedAt)));
      } catch (WriteValidation.Rejected rejected) {
        replies.add(() -> command.replyTo().tell(error(rejected.error)));
      }
    }
    if (events.isEmpty()) {
      replies.forEach(Runnable::run);
      return Effect().none().thenNoReply();
    }
    return Effect().persist(events)
        .thenRun(written -> {
          registry.publish(written);
          replies.forEach(Runnable::run);
        })
        .thenNoReply();
  }

  /**
   * Replies without persisting. An organization that does not exist then leaves memory: otherwise
   * every request naming a random id would keep an entity alive for good.
   */
  private <R> ReplyEffect<OrganizationEvent, OrganizationState> answer(OrganizationState state, ActorRef<R> replyTo,
      R reply) {
    if (state.status() == OrganizationState.Status.NEW && shard != null) {
      return Effect().none()
          .thenRun(unchanged -> shard.tell(new ClusterSharding.Passivate<>(context.getSelf())))
          .thenReply(replyTo, unchanged -> reply);
    }
    return Effect().reply(replyTo, reply);
  }

  private Instant now() {
    return clock.instant();
  }

  private <T> StatusReply<T> notFound() {
    return error(new OrganizationError(OrganizationError.NOT_FOUND, "organization '" + id + "' not found"));
  }

  private static <T> StatusReply<T> error(OrganizationError error) {
    return StatusReply.error(error.encode());
  }
}
