package io.castellan.server.organization;

import io.castellan.engine.store.IndexedTuple;
import io.castellan.protocol.ErrorCode;
import io.castellan.protocol.Scope;
import io.castellan.server.organization.Answer.Refused;
import io.castellan.server.organization.Answer.TuplesApplied;
import io.castellan.server.organization.OrganizationCommand.CheckIdle;
import io.castellan.server.organization.OrganizationCommand.Create;
import io.castellan.server.organization.OrganizationCommand.CreateApiKey;
import io.castellan.server.organization.OrganizationCommand.Delete;
import io.castellan.server.organization.OrganizationCommand.FlushWrites;
import io.castellan.server.organization.OrganizationCommand.GetSummary;
import io.castellan.server.organization.OrganizationCommand.KeyChanged;
import io.castellan.server.organization.OrganizationCommand.Manage;
import io.castellan.server.organization.OrganizationCommand.Managed;
import io.castellan.server.organization.OrganizationCommand.ModelWriteResult;
import io.castellan.server.organization.OrganizationCommand.RecordSharing;
import io.castellan.server.organization.OrganizationCommand.RevokeApiKey;
import io.castellan.server.organization.OrganizationCommand.Stop;
import io.castellan.server.organization.OrganizationCommand.Summary;
import io.castellan.server.organization.OrganizationCommand.UndoApplied;
import io.castellan.server.organization.OrganizationCommand.UndoChanges;
import io.castellan.server.organization.OrganizationCommand.WriteModel;
import io.castellan.server.organization.OrganizationCommand.WriteTuples;
import io.castellan.server.organization.OrganizationEvent.ApiKeyCreated;
import io.castellan.server.organization.OrganizationEvent.ApiKeyRevoked;
import io.castellan.server.organization.OrganizationEvent.ModelWritten;
import io.castellan.server.organization.OrganizationEvent.OrganizationCreated;
import io.castellan.server.organization.OrganizationEvent.OrganizationDeleted;
import io.castellan.server.organization.OrganizationEvent.TuplesWritten;
import io.castellan.server.read.SnapshotRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.JournalPersistFailed;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilderByState;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.slf4j.MDC;

/**
 * One organization: serializes its changes, journals them to Cassandra before acknowledging, and
 * publishes each new immutable state to the node's {@link SnapshotRegistry} for reads.
 *
 * <p>Group commit: a tuple write is queued and a flush is sent to self; writes arriving while a
 * persist is in flight are stashed by Pekko, queued behind it, and all go out in the next flush as
 * one atomic journal write. One organization thus sustains far more writes per second than one
 * journal round trip per write would allow.
 *
 * <p>An error answer means the change was not applied, except {@code outcome_unknown}: a change
 * whose caller's deadline has passed (or is about to) is dropped before it is journaled, so it is
 * never applied after its caller was told it failed; a journal write that fails answers its changes
 * {@code outcome_unknown} (Cassandra may have stored it) and the writes queued behind it {@code
 * journal_unavailable}. A change that carries an idempotency key already journaled is answered as
 * the first time, and applied once.
 */
public final class Organization
    extends EventSourcedBehaviorWithEnforcedReplies<
        OrganizationCommand, OrganizationEvent, OrganizationState> {

  public static final EntityTypeKey<OrganizationCommand> ENTITY_KEY =
      EntityTypeKey.create(OrganizationCommand.class, "Organization");

  /** Most writes journaled together by one group commit. */
  static final int MAX_WRITES_PER_FLUSH = 200;

  /**
   * Entity tuning: snapshot cadence; how long idempotency keys are remembered; how long before its
   * caller's deadline a change must start to be journaled (covers the reply's way back); after how
   * long without a change or a read it leaves memory (zero: never).
   */
  public record Settings(
      int snapshotEvery,
      int snapshotKeep,
      IdempotencyKeys.Retention idempotency,
      Duration deadlineMargin,
      Duration passivateAfter) {

    public Settings(int snapshotEvery, int snapshotKeep) {
      this(
          snapshotEvery,
          snapshotKeep,
          IdempotencyKeys.Retention.DEFAULT,
          Duration.ofMillis(200),
          Duration.ZERO);
    }
  }

  private final String id;

  /** This node's address: where reads of this organization are answered. */
  private final String host;

  private final ActorContext<OrganizationCommand> context;
  private final SnapshotRegistry registry;
  private final Settings settings;
  private final AccessPolicy policy;
  private final ChangeListener changes;
  private final OrganizationMetrics metrics;
  // when this incarnation started: its recovery's duration
  private final long started;
  private final Clock clock;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  // null outside sharding: such an organization is never passivated
  private final TimerScheduler<OrganizationCommand> timers;
  private List<WriteTuples> queued = new ArrayList<>();
  private boolean flushRequested;
  // the answers owed for the journal write in flight, should it fail
  private List<Runnable> inFlight = List.of();
  // the idempotency keys of the changes in that journal write
  private Set<String> inFlightKeys = Set.of();
  private OrganizationCommand.GroupCommitStats groupCommit =
      OrganizationCommand.GroupCommitStats.NONE;

  /**
   * {@code policy}: what each caller may do, decided with the organization's state; {@code
   * changes}: told of every journaled change (watch streams).
   */
  public static void init(
      ActorSystem<?> system,
      SnapshotRegistry registry,
      Settings settings,
      AccessPolicy policy,
      ChangeListener changes,
      OrganizationMetrics metrics,
      BooleanSupplier journalReachable) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(
        Entity.of(
                ENTITY_KEY,
                entityContext ->
                    Behaviors.setup(
                        context ->
                            Behaviors.withTimers(
                                timers ->
                                    new Organization(
                                        entityContext.getEntityId(),
                                        context,
                                        registry,
                                        settings,
                                        policy,
                                        changes,
                                        metrics,
                                        Clock.systemUTC(),
                                        entityContext.getShard(),
                                        timers))))
            .withStopMessage(Stop.INSTANCE)
            .withAllocationStrategy(
                new JournalAwareAllocation(
                    sharding.defaultShardAllocationStrategy(ClusterShardingSettings.create(system)),
                    journalReachable)));
  }

  /** An organization outside sharding (tests): it is never passivated. */
  public static Behavior<OrganizationCommand> create(
      String id, SnapshotRegistry registry, Settings settings, AccessPolicy policy, Clock clock) {
    return Behaviors.setup(
        context ->
            new Organization(
                id,
                context,
                registry,
                settings,
                policy,
                ChangeListener.NONE,
                OrganizationMetrics.NONE,
                clock,
                null,
                null));
  }

  private Organization(
      String id,
      ActorContext<OrganizationCommand> context,
      SnapshotRegistry registry,
      Settings settings,
      AccessPolicy policy,
      ChangeListener changes,
      OrganizationMetrics metrics,
      Clock clock,
      ActorRef<ClusterSharding.ShardCommand> shard,
      TimerScheduler<OrganizationCommand> timers) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), id),
        // after a journal failure the entity recovers again within 2 s of the journal being back
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(2), 0.1));
    this.id = id;
    this.host = context.getSystem().address().toString();
    this.context = context;
    this.registry = registry;
    this.settings = settings;
    this.policy = policy;
    this.changes = changes;
    this.metrics = metrics;
    this.started = System.nanoTime();
    this.clock = clock;
    this.shard = shard;
    this.timers = timers;
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
        .onSignal(
            RecoveryCompleted.instance(),
            state -> {
              metrics.recovered(started);
              registry.publish(state);
              Duration idle = settings.passivateAfter();
              if (timers != null && shard != null && !idle.isZero()) {
                Duration every = idle.dividedBy(4);
                timers.startTimerWithFixedDelay(
                    CheckIdle.INSTANCE,
                    every.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : every);
              }
            })
        .onSignal(JournalPersistFailed.class, (state, failed) -> onJournalFailure())
        .onSignal(PostStop.instance(), state -> onStop())
        .build();
  }

  /**
   * Per lifecycle state: a new organization can only be created; an active one changed or deleted;
   * a deleted one nothing (its id is not reused). Flushes and summaries are the same in every
   * state.
   */
  @Override
  public CommandHandlerWithReply<OrganizationCommand, OrganizationEvent, OrganizationState>
      commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder
        .forAnyState()
        .onCommand(
            command ->
                command instanceof Create create && !policy.mayCreate(create.request().caller()),
            (state, command) ->
                answer(
                    state,
                    ((Create) command).replyTo(),
                    error(
                        new OrganizationError(
                            ErrorCode.FORBIDDEN, "only the operator creates organizations"))));
    refusingChanges(
        builder
            .forState(state -> state.status() == OrganizationState.Status.NEW)
            .onCommand(Create.class, this::onCreate));
    builder
        .forState(OrganizationState::isActive)
        .onCommand(Create.class, (state, command) -> alreadyExists(command, "already exists"))
        .onCommand(Delete.class, this::onDelete)
        .onCommand(WriteModel.class, this::onWriteModel)
        .onCommand(WriteTuples.class, this::onWriteTuples)
        .onCommand(UndoChanges.class, this::onUndo)
        .onCommand(Manage.class, this::onManage)
        .onCommand(RecordSharing.class, this::onRecordSharing)
        .onCommand(CreateApiKey.class, this::onCreateApiKey)
        .onCommand(RevokeApiKey.class, this::onRevokeApiKey)
        .onCommand(GetSummary.class, this::onGetSummary);
    refusingChanges(
        builder
            .forState(state -> state.status() == OrganizationState.Status.DELETED)
            .onCommand(Create.class, (state, command) -> alreadyExists(command, "was deleted")));
    builder
        .forAnyState()
        .onCommand(FlushWrites.class, this::onFlushWrites)
        .onCommand(CheckIdle.class, this::onCheckIdle)
        .onCommand(Stop.class, this::onStopRequested)
        .onCommand(
            GetSummary.class, // an absent organization: its status says so
            (state, command) ->
                answer(state, command.replyTo(), Summary.of(state, host, groupCommit)));
    return builder.build();
  }

  /** An organization that does not exist (not yet, or no longer) changes nothing: not found. */
  private void refusingChanges(
      CommandHandlerWithReplyBuilderByState<
              OrganizationCommand, OrganizationEvent, OrganizationState, OrganizationState>
          absent) {
    absent
        .onCommand(Delete.class, (state, command) -> answer(state, command.replyTo(), notFound()))
        .onCommand(
            WriteModel.class, (state, command) -> answer(state, command.replyTo(), notFound()))
        .onCommand(
            WriteTuples.class, (state, command) -> answer(state, command.replyTo(), notFound()))
        .onCommand(
            CreateApiKey.class, (state, command) -> answer(state, command.replyTo(), notFound()))
        .onCommand(
            RevokeApiKey.class, (state, command) -> answer(state, command.replyTo(), notFound()))
        .onCommand(
            UndoChanges.class, (state, command) -> answer(state, command.replyTo(), notFound()))
        .onCommand(Manage.class, (state, command) -> answer(state, command.replyTo(), notFound()))
        .onCommand(
            RecordSharing.class, (state, command) -> answer(state, command.replyTo(), notFound()));
  }

  /** Whether a write names another organization's set ({@link ForeignSet}): sharing. */
  private static boolean namesOtherOrganizations(WriteTuples command) {
    for (var tuple : command.writes()) {
      if (tuple.user().indexOf(':') != tuple.user().lastIndexOf(':')
          && ForeignSet.of(tuple.user()) != null) {
        return true;
      }
    }
    return false;
  }

  private boolean isAdmin(OrganizationState state, RequestInfo request) {
    return policy.holds(state, request.caller(), "organization:" + id, "admin");
  }

  /** Why {@code caller} may not {@code scope} here, or null when it may. */
  private OrganizationError refusal(OrganizationState state, Caller caller, Scope scope) {
    return policy.decide(state, caller, scope).refusal(id, scope);
  }

  private ReplyEffect<OrganizationEvent, OrganizationState> onGetSummary(
      OrganizationState state, GetSummary command) {
    OrganizationError refused = refusal(state, command.caller(), command.scope());
    return Effect()
        .reply(
            command.replyTo(),
            refused != null ? error(refused) : Summary.of(state, host, groupCommit));
  }

  private ReplyEffect<OrganizationEvent, OrganizationState> onCreateApiKey(
      OrganizationState state, CreateApiKey command) {
    RequestInfo request = command.request();
    OrganizationError refused = refusal(state, request.caller(), Scope.ADMIN);
    if (refused != null) {
      return Effect().reply(command.replyTo(), error(refused));
    }
    if (state.apiKeys().containsKey(command.key().id())) {
      return Effect()
          .reply(
              command.replyTo(),
              error(
                  new OrganizationError(
                      ErrorCode.VALIDATION_ERROR,
                      "API key '" + command.key().id() + "' exists already")));
    }
    return persistKeyChange(
        state,
        request,
        command.replyTo(),
        metadata -> new ApiKeyCreated(metadata, command.key()),
        command.key().id());
  }

  private ReplyEffect<OrganizationEvent, OrganizationState> onRevokeApiKey(
      OrganizationState state, RevokeApiKey command) {
    RequestInfo request = command.request();
    OrganizationError refused = refusal(state, request.caller(), Scope.ADMIN);
    if (refused != null) {
      return Effect().reply(command.replyTo(), error(refused));
    }
    ApiKey key = state.apiKeys().get(command.keyId());
    if (key == null) {
      return Effect()
          .reply(
              command.replyTo(),
              error(
                  new OrganizationError(
                      ErrorCode.API_KEY_NOT_FOUND, "API key '" + command.keyId() + "' not found")));
    }
    if (key.revokedAt() != null) { // revoking twice changes nothing
      return Effect().reply(command.replyTo(), new KeyChanged(key, state.revision()));
    }
    return persistKeyChange(
        state,
        request,
        command.replyTo(),
        metadata -> new ApiKeyRevoked(metadata, command.keyId()),
        command.keyId());
  }

  private ReplyEffect<OrganizationEvent, OrganizationState> persistKeyChange(
      OrganizationState state,
      RequestInfo request,
      ActorRef<Answer<KeyChanged>> replyTo,
      Function<EventMetadata, OrganizationEvent> event,
      String keyId) {
    if (request.expiredAt(now(), settings.deadlineMargin())) {
      return Effect().reply(replyTo, deadlineExceeded());
    }
    inFlight = List.of(() -> replyTo.tell(outcomeUnknown()));
    return persistOne(event.apply(request.metadata(state.revision() + 1, now())))
        .thenReply(
            replyTo, changed -> new KeyChanged(changed.apiKeys().get(keyId), changed.revision()));
  }

  /** One handler per event; each is the state's own method for it. */
  @Override
  public EventHandler<OrganizationState, OrganizationEvent> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(OrganizationCreated.class, OrganizationState::created)
        .onEvent(OrganizationDeleted.class, OrganizationState::deleted)
        .onEvent(
            ModelWritten.class,
            (state, written) -> state.modelWritten(written, settings.idempotency()))
        .onEvent(
            TuplesWritten.class,
            (state, written) -> state.tuplesWritten(written, settings.idempotency()))
        .onEvent(ApiKeyCreated.class, OrganizationState::apiKeyCreated)
        .onEvent(ApiKeyRevoked.class, OrganizationState::apiKeyRevoked)
        .onEvent(
            OrganizationEvent.SharedBy.class,
            (state, shared) -> state.sharedBy(shared, settings.idempotency()))
        .build();
  }

  private ReplyEffect<OrganizationEvent, OrganizationState> alreadyExists(
      Create command, String how) {
    return Effect()
        .reply(
            command.replyTo(),
            error(
                new OrganizationError(
                    ErrorCode.STORE_ALREADY_EXISTS, "organization '" + id + "' " + how)));
  }

  /**
   * Creates the organization, with its first model and tuples (its first admins) in the same
   * journal write, so that it never exists without them.
   */
  private ReplyEffect<OrganizationEvent, OrganizationState> onCreate(
      OrganizationState state, Create command) {
    RequestInfo request = command.request();
    if (request.expiredAt(now(), settings.deadlineMargin())) {
      return answer(state, command.replyTo(), deadlineExceeded());
    }
    List<OrganizationEvent> events = new ArrayList<>();
    long revision = state.revision();
    events.add(new OrganizationCreated(request.metadata(++revision, now()), command.name()));
    if (command.modelJson() != null) {
      events.add(
          new ModelWritten(
              request.metadata(++revision, now()), Ulid.next(now()), command.modelJson()));
    }
    if (!command.tuples().isEmpty()) {
      events.add(
          new TuplesWritten(request.metadata(++revision, now()), command.tuples(), List.of()));
    }
    inFlight = List.of(() -> command.replyTo().tell(outcomeUnknown()));
    long start = System.nanoTime();
    return Effect()
        .persist(events)
        .thenRun(
            after -> {
              metrics.journaled(start, events.size());
              published(after, events);
            })
        .thenReply(command.replyTo(), created -> Summary.of(created, host, groupCommit));
  }

  /** Journals that another organization named this one's sets; once per change of that one. */
  private ReplyEffect<OrganizationEvent, OrganizationState> onRecordSharing(
      OrganizationState state, RecordSharing command) {
    RequestInfo request = command.request();
    if (!request.caller().unrestricted()) {
      return Effect()
          .reply(
              command.replyTo(),
              error(new OrganizationError(ErrorCode.FORBIDDEN, "only the node records sharing")));
    }
    IdempotencyKeys.Entry earlier = earlierChange(state, request);
    if (earlier != null) {
      return Effect().reply(command.replyTo(), new Managed(earlier.revision(), false));
    }
    inFlight = List.of(() -> command.replyTo().tell(outcomeUnknown()));
    return persistOne(
            new OrganizationEvent.SharedBy(
                new EventMetadata(
                    state.revision() + 1,
                    now(),
                    command.actor(),
                    request.requestId(),
                    request.reason(),
                    request.idempotencyKey(),
                    request.fingerprint()),
                command.organization(),
                command.revision(),
                command.granted(),
                command.withdrawn()))
        .thenReply(command.replyTo(), shared -> new Managed(shared.revision(), true));
  }

  /**
   * Plans the change with the state it applies to (so the caller's rights and what exists are
   * decided on it) and journals what it really changes, if anything.
   */
  private ReplyEffect<OrganizationEvent, OrganizationState> onManage(
      OrganizationState state, Manage command) {
    RequestInfo request = command.request();
    Caller caller = request.caller();
    // who may do what is the change's own rule; here only: the caller belongs (reads or writes)
    OrganizationError refused = refusal(state, caller, Scope.READ);
    if (refused != null && refusal(state, caller, Scope.WRITE) == null) {
      refused = null;
    }
    if (refused != null) {
      return Effect().reply(command.replyTo(), error(refused));
    }
    IdempotencyKeys.Entry earlier = earlierChange(state, request);
    if (earlier != null) {
      return Effect()
          .reply(
              command.replyTo(),
              request.fingerprint().equals(earlier.fingerprint())
                  ? new Managed(earlier.revision(), true)
                  : keyReused(request));
    }
    PlannedChange.Plan plan;
    try {
      plan =
          PlanValidation.effective(
              state,
              command
                  .change()
                  .plan(
                      state,
                      caller,
                      (object, relation) -> policy.holds(state, caller, object, relation)));
    } catch (PlannedChange.Refused e) {
      return Effect().reply(command.replyTo(), error(e.error()));
    } catch (RuntimeException e) { // a bug in a plan must not stop the organization
      MDC.put("request_id", command.request().requestId()); // as on the request's other lines
      try {
        context.getLog().error("planning {} failed", command.change(), e);
      } finally {
        MDC.remove("request_id");
      }
      return Effect()
          .reply(
              command.replyTo(),
              error(
                  new OrganizationError(
                      ErrorCode.INTERNAL_ERROR,
                      "the change could not be planned; nothing changed")));
    }
    if (plan.isEmpty()) {
      return Effect().reply(command.replyTo(), new Managed(state.revision(), false));
    }
    if (request.expiredAt(now(), settings.deadlineMargin())) {
      return Effect().reply(command.replyTo(), deadlineExceeded());
    }
    inFlight = List.of(() -> command.replyTo().tell(outcomeUnknown()));
    inFlightKeys = request.fingerprint() == null ? Set.of() : Set.of(request.idempotencyKey());
    return persistOne(
            new TuplesWritten(
                request.metadata(state.revision() + 1, now()),
                plan.writes(),
                plan.deletes(),
                null,
                plan.names()))
        .thenReply(command.replyTo(), changed -> new Managed(changed.revision(), true));
  }

  private ReplyEffect<OrganizationEvent, OrganizationState> onDelete(
      OrganizationState state, Delete command) {
    OrganizationError refused = refusal(state, command.request().caller(), Scope.ADMIN);
    if (refused != null) {
      return Effect().reply(command.replyTo(), error(refused));
    }
    if (command.request().expiredAt(now(), settings.deadlineMargin())) {
      return Effect().reply(command.replyTo(), deadlineExceeded());
    }
    inFlight = List.of(() -> command.replyTo().tell(outcomeUnknown()));
    return persistOne(
            new OrganizationDeleted(command.request().metadata(state.revision() + 1, now())))
        .thenReply(command.replyTo(), deleted -> Summary.of(deleted, host, groupCommit));
  }

  private ReplyEffect<OrganizationEvent, OrganizationState> onWriteModel(
      OrganizationState state, WriteModel command) {
    RequestInfo request = command.request();
    OrganizationError refused = refusal(state, request.caller(), Scope.ADMIN);
    if (refused != null) {
      return Effect().reply(command.replyTo(), error(refused));
    }
    // a repeated key first: its answer costs no journal write, so no deadline can refuse it
    IdempotencyKeys.Entry earlier = earlierChange(state, request);
    if (earlier != null) {
      return Effect()
          .reply(
              command.replyTo(),
              request.fingerprint().equals(earlier.fingerprint())
                  ? new ModelWriteResult(earlier.modelId(), earlier.revision())
                  : keyReused(request));
    }
    if (request.expiredAt(now(), settings.deadlineMargin())) {
      return Effect().reply(command.replyTo(), deadlineExceeded());
    }
    String modelId = Ulid.next(now());
    inFlight = List.of(() -> command.replyTo().tell(outcomeUnknown()));
    inFlightKeys = request.fingerprint() == null ? Set.of() : Set.of(request.idempotencyKey());
    return persistOne(
            new ModelWritten(
                request.metadata(state.revision() + 1, now()), modelId, command.modelJson()))
        .thenReply(command.replyTo(), written -> new ModelWriteResult(modelId, written.revision()));
  }

  /**
   * Journals the reversal of earlier changes as one event, applied as far as it still can be: a
   * tuple to remove that is gone stays gone, one to restore that is back as it was stays.
   */
  private ReplyEffect<OrganizationEvent, OrganizationState> onUndo(
      OrganizationState state, UndoChanges command) {
    RequestInfo request = command.request();
    OrganizationError refused = refusal(state, request.caller(), Scope.WRITE);
    if (refused != null) {
      return Effect().reply(command.replyTo(), error(refused));
    }
    if (!command.force() && state.revision() != command.checkedThrough()) {
      return Effect()
          .reply(command.replyTo(), new UndoApplied(state.revision(), List.of(), List.of(), true));
    }
    if (request.expiredAt(now(), settings.deadlineMargin())) {
      return Effect().reply(command.replyTo(), deadlineExceeded());
    }
    List<JournaledTuple> deletes = new ArrayList<>();
    for (JournaledTuple tuple : command.remove()) {
      IndexedTuple stored = state.tuples().find(tuple.toTuple());
      if (stored != null) {
        deletes.add(JournaledTuple.of(stored));
      }
    }
    List<JournaledTuple> writes = new ArrayList<>();
    for (JournaledTuple tuple : command.restore()) {
      IndexedTuple stored = state.tuples().find(tuple.toTuple());
      JournaledTuple now = stored == null ? null : JournaledTuple.of(stored);
      if (tuple.equals(now)) {
        continue;
      }
      if (now != null && !deletes.contains(now)) {
        deletes.add(now); // there with another condition: replaced
      }
      writes.add(tuple);
    }
    UndoneRange undoes = command.undoes();
    ModelVersion latest = state.latestModel();
    String latestAgain =
        undoes.latestModelId() == null
                || state.model(undoes.latestModelId()) == null
                || (latest != null && latest.id().equals(undoes.latestModelId()))
            ? null
            : undoes.latestModelId();
    if (writes.isEmpty() && deletes.isEmpty() && latestAgain == null) {
      return Effect()
          .reply(command.replyTo(), new UndoApplied(state.revision(), List.of(), List.of(), false));
    }
    inFlight = List.of(() -> command.replyTo().tell(outcomeUnknown()));
    return persistOne(
            new TuplesWritten(
                request.metadata(state.revision() + 1, now()),
                writes,
                deletes,
                new UndoneRange(undoes.from(), undoes.to(), latestAgain)))
        .thenReply(
            command.replyTo(),
            undone -> new UndoApplied(undone.revision(), writes, deletes, false));
  }

  private ReplyEffect<OrganizationEvent, OrganizationState> onWriteTuples(
      OrganizationState state, WriteTuples command) {
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
   * depend on an earlier write of the same batch. Writes whose caller has stopped waiting are
   * dropped here, before anything of theirs is journaled.
   */
  private ReplyEffect<OrganizationEvent, OrganizationState> onFlushWrites(
      OrganizationState state, FlushWrites flush) {
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
    List<Runnable> onFailure =
        new ArrayList<>(); // the answers instead, should the journal write fail
    // keys journaled by earlier writes of this batch: a retry may arrive before its first try is
    // journaled
    Map<String, IdempotencyKeys.Entry> batchKeys = new HashMap<>();
    for (WriteTuples command : batch) {
      RequestInfo request = command.request();
      if (!state.isActive()) {
        replies.add(() -> command.replyTo().tell(notFound()));
        continue;
      }
      OrganizationError refused = refusal(state, request.caller(), Scope.WRITE);
      if (refused == null && namesOtherOrganizations(command) && !isAdmin(state, request)) {
        refused =
            new OrganizationError(
                ErrorCode.FORBIDDEN,
                "only the organization's admins name another organization's sets");
      }
      if (refused != null) { // decided on the state before the batch: keys change only alone
        command.replyTo().tell(error(refused));
        continue;
      }
      IdempotencyKeys.Entry inBatch =
          request.fingerprint() == null ? null : batchKeys.get(request.idempotencyKey());
      IdempotencyKeys.Entry earlier = inBatch != null ? inBatch : earlierChange(state, request);
      if (earlier != null) {
        Answer<TuplesApplied> repeated =
            request.fingerprint().equals(earlier.fingerprint())
                ? new TuplesApplied(earlier.revision())
                : keyReused(request);
        replies.add(() -> command.replyTo().tell(repeated));
        onFailure.add(
            inBatch != null
                ? () -> command.replyTo().tell(outcomeUnknown())
                : replies.get(replies.size() - 1));
        continue;
      }
      // after the key: a repeat is answered whatever its deadline, since it journals nothing
      if (request.expiredAt(time, settings.deadlineMargin())) {
        command
            .replyTo()
            .tell(deadlineExceeded()); // nobody waits for it: no need to wait for the batch
        continue;
      }
      try {
        WriteValidation.Changes changes = WriteValidation.validate(state, tuples, command);
        if (!changes.isEmpty()) {
          revision++;
          tuples = tuples.apply(changes.deletes(), changes.writes());
          events.add(
              new TuplesWritten(
                  request.metadata(revision, time),
                  changes.writes().stream().map(JournaledTuple::of).toList(),
                  changes.deletes().stream().map(JournaledTuple::of).toList()));
          onFailure.add(() -> command.replyTo().tell(outcomeUnknown()));
          if (request.fingerprint() != null) {
            batchKeys.put(
                request.idempotencyKey(),
                new IdempotencyKeys.Entry(
                    request.idempotencyKey(), request.fingerprint(), revision, null, time));
          }
        } else {
          onFailure.add(() -> command.replyTo().tell(notJournaled()));
        }
        long appliedAt = revision;
        replies.add(() -> command.replyTo().tell(new TuplesApplied(appliedAt)));
      } catch (WriteValidation.Rejected rejected) {
        replies.add(() -> command.replyTo().tell(error(rejected.error)));
        onFailure.add(() -> command.replyTo().tell(notJournaled()));
      }
    }
    if (events.isEmpty()) {
      replies.forEach(Runnable::run);
      return Effect().none().thenNoReply();
    }
    // should the journal write fail, the writes in it have an unknown outcome and the others
    // (refusals that depended on them included) were not applied
    inFlight = onFailure;
    inFlightKeys = Set.copyOf(batchKeys.keySet());
    groupCommit = groupCommit.plus(events.size());
    long start = System.nanoTime();
    return Effect()
        .persist(events)
        .thenRun(
            written -> {
              metrics.journaled(start, events.size());
              published(written, events);
              replies.forEach(Runnable::run);
            })
        .thenNoReply();
  }

  /** The change journaled earlier with this request's idempotency key, if it still counts. */
  private IdempotencyKeys.Entry earlierChange(OrganizationState state, RequestInfo request) {
    return request.fingerprint() == null
        ? null
        : state
            .idempotencyKeys()
            .find(request.idempotencyKey(), now(), settings.idempotency().window());
  }

  /** Journals one event; once journaled, its state is published and its listeners told. */
  private EffectBuilder<OrganizationEvent, OrganizationState> persistOne(OrganizationEvent event) {
    long start = System.nanoTime();
    return Effect()
        .persist(event)
        .thenRun(
            after -> {
              metrics.journaled(start, 1);
              published(after, List.of(event));
            });
  }

  private void published(OrganizationState state, List<OrganizationEvent> events) {
    inFlight = List.of();
    inFlightKeys = Set.of();
    registry.publish(state);
    changes.journaled(id, events);
  }

  /**
   * The journal write in flight failed (Pekko restarts the entity with backoff after this): its
   * changes may or may not be stored, and the writes queued behind it are refused, not kept for
   * later (their callers are told now).
   */
  private void onJournalFailure() {
    inFlight.forEach(Runnable::run);
    inFlight = List.of();
    for (WriteTuples command : queued) {
      // a retry of a change in the failed write shares its unknown outcome
      String key =
          command.request().fingerprint() == null ? null : command.request().idempotencyKey();
      command
          .replyTo()
          .tell(key != null && inFlightKeys.contains(key) ? outcomeUnknown() : notJournaled());
    }
    inFlightKeys = Set.of();
    queued = new ArrayList<>();
    flushRequested = false;
  }

  /**
   * Leaves memory when neither changed nor read for the configured time (reads are answered from
   * the snapshot registry, not here, so the registry says when it was last read); the next request
   * starts it again from its snapshot.
   */
  private ReplyEffect<OrganizationEvent, OrganizationState> onCheckIdle(
      OrganizationState state, CheckIdle check) {
    if (shard != null
        && queued.isEmpty()
        && inFlight.isEmpty()
        && registry.idle(id).compareTo(settings.passivateAfter()) >= 0) {
      shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    }
    return Effect().noReply();
  }

  /**
   * Sharding's stop (a move, a shutdown, a passivation), taken in mailbox order: the writes queued
   * before it are journaled first (their flush is still in the mailbox, behind this stop), then it
   * stops; sharding holds back new requests meanwhile.
   */
  private ReplyEffect<OrganizationEvent, OrganizationState> onStopRequested(
      OrganizationState state, Stop stop) {
    if (!queued.isEmpty()) {
      context.getSelf().tell(Stop.INSTANCE); // after the flush's persist
      return onFlushWrites(state, FlushWrites.INSTANCE);
    }
    return Effect().stop().thenNoReply();
  }

  /** Stopping (moved, passivated, shut down): writes still queued were never journaled; say so. */
  private void onStop() {
    for (WriteTuples command : queued) {
      command.replyTo().tell(notJournaled());
    }
    queued = new ArrayList<>();
    registry.withdraw(id);
  }

  /**
   * Replies without persisting. An organization that does not exist then leaves memory: otherwise
   * every request naming a random id would keep an entity alive for good.
   */
  private <R> ReplyEffect<OrganizationEvent, OrganizationState> answer(
      OrganizationState state, ActorRef<R> replyTo, R reply) {
    if (state.status() == OrganizationState.Status.NEW && shard != null) {
      return Effect()
          .none()
          .thenRun(unchanged -> shard.tell(new ClusterSharding.Passivate<>(context.getSelf())))
          .thenReply(replyTo, unchanged -> reply);
    }
    return Effect().reply(replyTo, reply);
  }

  private Instant now() {
    return clock.instant();
  }

  private static <T> Answer<T> outcomeUnknown() {
    return error(
        new OrganizationError(
            ErrorCode.OUTCOME_UNKNOWN,
            "the journal write failed while in flight: the change may or may not be applied; read it back, or retry "
                + "with the same idempotency key"));
  }

  private static <T> Answer<T> notJournaled() {
    return error(
        new OrganizationError(
            ErrorCode.JOURNAL_UNAVAILABLE,
            "the journal failed before this write was journaled; it was not applied"));
  }

  private static <T> Answer<T> deadlineExceeded() {
    return error(
        new OrganizationError(
            ErrorCode.DEADLINE_EXCEEDED,
            "the change could not start before its deadline; it was not applied"));
  }

  private static <T> Answer<T> keyReused(RequestInfo request) {
    return error(
        new OrganizationError(
            ErrorCode.IDEMPOTENCY_KEY_REUSED,
            "idempotency key '"
                + request.idempotencyKey()
                + "' was used by a different request; nothing was applied"));
  }

  private <T> Answer<T> notFound() {
    return error(
        new OrganizationError(ErrorCode.STORE_ID_NOT_FOUND, "organization '" + id + "' not found"));
  }

  private static <T> Answer<T> error(OrganizationError error) {
    return new Refused<>(error);
  }
}
