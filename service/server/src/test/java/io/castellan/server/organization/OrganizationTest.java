package io.castellan.server.organization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.castellan.engine.model.ModelJson;
import io.castellan.engine.model.ModelLoader;
import io.castellan.engine.query.TupleKey;
import io.castellan.engine.store.IndexedTuple;
import io.castellan.protocol.ErrorCode;
import io.castellan.protocol.Scope;
import io.castellan.server.organization.Answer.Refused;
import io.castellan.server.organization.Answer.TuplesApplied;
import io.castellan.server.organization.OrganizationCommand.ModelWriteResult;
import io.castellan.server.organization.OrganizationCommand.Precondition;
import io.castellan.server.organization.OrganizationCommand.Summary;
import io.castellan.server.organization.OrganizationCommand.WriteTuples;
import io.castellan.server.read.SnapshotRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The organization entity on the in-memory journal, with every event and state serialized. */
class OrganizationTest {

  private static final ActorTestKit TEST_KIT =
      ActorTestKit.create(
          ConfigFactory.parseString(
                  """
      pekko.actor.serialization-bindings { "io.castellan.protocol.CborSerializable" = jackson-cbor }
      pekko.persistence.testkit.events.serialize = on
      pekko.persistence.testkit.snapshots.serialize = on
      """)
              .withFallback(EventSourcedBehaviorTestKit.config()));

  private static final String MODEL =
      ModelJson.toTree(
              ModelLoader.fromDsl(
                      """
      model
        schema 1.1
      type user
      type document
        relations
          define viewer: [user]
      """)
                  .model())
          .toString();

  private static final Caller ALICE_CALLER = Caller.user("alice", Set.of());
  private static final Caller MALLORY = Caller.user("mallory", Set.of());
  private static final RequestInfo ALICE = new RequestInfo(ALICE_CALLER, "req-1", "onboarding");

  /** The entity's view of the policy: mallory may only read; anyone else may do anything. */
  private static final AccessPolicy POLICY =
      new AccessPolicy() {
        @Override
        public Access decide(OrganizationState state, Caller caller, Scope scope) {
          return caller.id().equals("mallory") && scope != Scope.READ
              ? Access.FORBIDDEN
              : Access.ALLOWED;
        }

        @Override
        public boolean mayCreate(Caller caller) {
          return !caller.id().equals("mallory");
        }
      };

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private final SnapshotRegistry registry = new SnapshotRegistry(Runnable::run);
  private final EventSourcedBehaviorTestKit<
          OrganizationCommand, OrganizationEvent, OrganizationState>
      organization =
          EventSourcedBehaviorTestKit.create(
              TEST_KIT.system(),
              Organization.create(
                  "acme",
                  registry,
                  new Organization.Settings(100, 2),
                  POLICY,
                  Clock.fixed(NOW, ZoneOffset.UTC)));

  @AfterAll
  static void shutdown() {
    TEST_KIT.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    organization.clear();
  }

  @Test
  void creatingAnOrganizationRecordsWhoCreatedItAndWhy() {
    var result =
        organization.<Answer<Summary>>runCommand(
            replyTo -> new OrganizationCommand.Create("Acme", ALICE, replyTo));
    OrganizationEvent.OrganizationCreated created =
        assertInstanceOf(OrganizationEvent.OrganizationCreated.class, result.event());
    assertEquals(
        new EventMetadata(1, NOW, "user:alice", "req-1", "onboarding"), created.metadata());
    assertTrue(succeeded(result.reply()));
    assertEquals(1, registry.current("acme").revision());
  }

  @Test
  void creatingAnExistingOrganizationIsRefusedAndPersistsNothing() {
    create();
    var result =
        organization.<Answer<Summary>>runCommand(
            replyTo -> new OrganizationCommand.Create("Acme", ALICE, replyTo));
    assertTrue(result.hasNoEvents());
    assertEquals(ErrorCode.STORE_ALREADY_EXISTS, refusal(result.reply()));
  }

  @Test
  void writingAModelMakesANewVersionWithAnId() {
    create();
    var result =
        organization.<Answer<ModelWriteResult>>runCommand(
            replyTo -> new OrganizationCommand.WriteModel(MODEL, ALICE, replyTo));
    String modelId = value(result.reply()).modelId();
    assertEquals(26, modelId.length());
    assertEquals(modelId, result.state().latestModel().id());
    assertEquals(2, value(result.reply()).revision());
  }

  @Test
  void aTupleWriteIsAcknowledgedWithTheRevisionItWasAppliedAt() {
    createWithModel();
    TestProbe<Answer<TuplesApplied>> probe = TEST_KIT.createTestProbe();
    organization.runCommand(
        write(List.of(TupleKey.of("document:1", "viewer", "user:anne")), List.of(), probe));
    assertEquals(3L, revision(probe.receiveMessage()));
    assertTrue(
        organization
            .getState()
            .tuples()
            .contains(new IndexedTuple("document", "1", "viewer", "user", "anne", null, null)));
  }

  @Test
  void consecutiveWritesAreAppliedAtConsecutiveRevisions() {
    createWithModel();
    TestProbe<Answer<TuplesApplied>> first = TEST_KIT.createTestProbe();
    TestProbe<Answer<TuplesApplied>> second = TEST_KIT.createTestProbe();
    organization.runCommand(
        write(List.of(TupleKey.of("document:1", "viewer", "user:anne")), List.of(), first));
    organization.runCommand(
        write(List.of(TupleKey.of("document:1", "viewer", "user:bob")), List.of(), second));
    assertEquals(3L, revision(first.receiveMessage()));
    assertEquals(4L, revision(second.receiveMessage()));
    assertEquals(4, organization.getState().revision());
  }

  @Test
  void aTupleTheModelForbidsIsRefusedAndPersistsNothing() {
    createWithModel();
    TestProbe<Answer<TuplesApplied>> probe = TEST_KIT.createTestProbe();
    var result =
        organization.runCommand(
            write(List.of(TupleKey.of("document:1", "owner", "user:anne")), List.of(), probe));
    assertTrue(result.hasNoEvents());
    assertEquals(ErrorCode.VALIDATION_ERROR, refusal(probe.receiveMessage()));
    assertEquals(2, organization.getState().revision());
  }

  @Test
  void writingATupleThatExistsIsRefusedUnlessDuplicatesAreIgnored() {
    createWithModel();
    TestProbe<Answer<TuplesApplied>> probe = TEST_KIT.createTestProbe();
    TupleKey anne = TupleKey.of("document:1", "viewer", "user:anne");
    organization.runCommand(write(List.of(anne), List.of(), probe));
    probe.receiveMessage();
    organization.runCommand(write(List.of(anne), List.of(), probe));
    assertEquals(ErrorCode.WRITE_FAILED_DUE_TO_INVALID_INPUT, refusal(probe.receiveMessage()));
    organization.runCommand(
        new WriteTuples(
            List.of(anne), List.of(), List.of(), true, false, null, ALICE, probe.getRef()));
    assertTrue(succeeded(probe.receiveMessage()));
  }

  @Test
  void deletingATupleThatDoesNotExistIsRefusedUnlessMissingIsIgnored() {
    createWithModel();
    TestProbe<Answer<TuplesApplied>> probe = TEST_KIT.createTestProbe();
    TupleKey anne = TupleKey.of("document:1", "viewer", "user:anne");
    organization.runCommand(write(List.of(), List.of(anne), probe));
    assertEquals(ErrorCode.WRITE_FAILED_DUE_TO_INVALID_INPUT, refusal(probe.receiveMessage()));
    organization.runCommand(
        new WriteTuples(
            List.of(), List.of(anne), List.of(), false, true, null, ALICE, probe.getRef()));
    assertTrue(succeeded(probe.receiveMessage()));
  }

  @Test
  void aFailedPreconditionRefusesTheWholeWrite() {
    createWithModel();
    TestProbe<Answer<TuplesApplied>> probe = TEST_KIT.createTestProbe();
    organization.runCommand(
        new WriteTuples(
            List.of(TupleKey.of("document:1", "viewer", "user:anne")),
            List.of(),
            List.of(new Precondition(TupleKey.of("document:1", "viewer", "user:bob"), true)),
            false,
            false,
            null,
            ALICE,
            probe.getRef()));
    assertEquals(ErrorCode.PRECONDITION_FAILED, refusal(probe.receiveMessage()));
    assertEquals(0, organization.getState().tuples().size());
  }

  @Test
  void aDeletedOrganizationRefusesChangesAndItsIdIsNotReused() {
    createWithModel();
    organization.<Answer<Summary>>runCommand(
        replyTo -> new OrganizationCommand.Delete(ALICE, replyTo));
    TestProbe<Answer<TuplesApplied>> probe = TEST_KIT.createTestProbe();
    var write =
        organization.runCommand(
            write(List.of(TupleKey.of("document:1", "viewer", "user:anne")), List.of(), probe));
    assertTrue(write.hasNoEvents());
    assertEquals(ErrorCode.STORE_ID_NOT_FOUND, refusal(probe.receiveMessage()));
    var model =
        organization.<Answer<ModelWriteResult>>runCommand(
            replyTo -> new OrganizationCommand.WriteModel(MODEL, ALICE, replyTo));
    assertEquals(ErrorCode.STORE_ID_NOT_FOUND, refusal(model.reply()));
    var again =
        organization.<Answer<Summary>>runCommand(
            replyTo -> new OrganizationCommand.Create("Acme", ALICE, replyTo));
    assertTrue(again.hasNoEvents());
    assertEquals(ErrorCode.STORE_ALREADY_EXISTS, refusal(again.reply()));
  }

  @Test
  void writingToAnUnknownOrganizationIsRefused() {
    TestProbe<Answer<TuplesApplied>> probe = TEST_KIT.createTestProbe();
    var result =
        organization.runCommand(
            write(List.of(TupleKey.of("document:1", "viewer", "user:anne")), List.of(), probe));
    assertTrue(result.hasNoEvents());
    assertEquals(ErrorCode.STORE_ID_NOT_FOUND, refusal(probe.receiveMessage()));
  }

  @Test
  void stateSurvivesARestartFromTheJournal() {
    createWithModel();
    TestProbe<Answer<TuplesApplied>> probe = TEST_KIT.createTestProbe();
    organization.runCommand(
        write(List.of(TupleKey.of("document:1", "viewer", "user:anne")), List.of(), probe));
    probe.receiveMessage();
    var restarted = organization.restart();
    assertEquals(3, restarted.state().revision());
    assertEquals(1, restarted.state().tuples().size());
    assertNotNull(restarted.state().latestModel().compiled());
  }

  @Test
  void anOrganizationRecoversFromASnapshotAndTheEventsAfterItExactly() {
    // a snapshot every 3 events: recovery reads the one at revision 6, then events 7 and 8
    var snapshotting =
        EventSourcedBehaviorTestKit
            .<OrganizationCommand, OrganizationEvent, OrganizationState>create(
                TEST_KIT.system(),
                Organization.create(
                    "snapshotting",
                    registry,
                    new Organization.Settings(3, 2),
                    POLICY,
                    Clock.fixed(NOW, ZoneOffset.UTC)));
    snapshotting.<Answer<Summary>>runCommand(
        replyTo -> new OrganizationCommand.Create("Acme", ALICE, replyTo));
    snapshotting.<Answer<ModelWriteResult>>runCommand(
        replyTo -> new OrganizationCommand.WriteModel(MODEL, ALICE, replyTo));
    TestProbe<Answer<TuplesApplied>> probe = TEST_KIT.createTestProbe();
    for (int i = 0; i < 6; i++) {
      snapshotting.runCommand(
          new WriteTuples(
              List.of(TupleKey.of("document:" + i, "viewer", "user:anne")),
              List.of(),
              List.of(),
              false,
              false,
              null,
              new RequestInfo(ALICE_CALLER, "req-" + i, null, "key-" + i, "f-" + i, null),
              probe.getRef()));
      probe.receiveMessage();
    }
    OrganizationState before = snapshotting.getState();
    var snapshots =
        SnapshotTestKit.create(TEST_KIT.system()).persistedInStorage("Organization|snapshotting");
    assertEquals(
        6, snapshots.get(snapshots.size() - 1).first().sequenceNr(), "the newest snapshot");
    var restarted = snapshotting.restart();
    assertEquals(8, before.revision());
    assertEquals(StateView.of(before), StateView.of(restarted.state()));
  }

  @Test
  void aWriteWhoseDeadlineHasPassedIsDroppedWithoutBeingJournaled() {
    createWithModel();
    TestProbe<Answer<TuplesApplied>> probe = TEST_KIT.createTestProbe();
    RequestInfo late = ALICE.withDeadline(NOW.minusMillis(1));
    var result = organization.runCommand(anneViews("document:1", late, probe));
    assertTrue(result.hasNoEvents());
    assertEquals(ErrorCode.DEADLINE_EXCEEDED, refusal(probe.receiveMessage()));
    assertEquals(0, organization.getState().tuples().size());
  }

  @Test
  void aWriteThatCannotStartWithinTheDeadlineMarginIsDropped() {
    createWithModel();
    TestProbe<Answer<TuplesApplied>> probe = TEST_KIT.createTestProbe();
    // the margin (200 ms by default) leaves the answer time to reach a caller who waits until the
    // deadline
    RequestInfo tight = ALICE.withDeadline(NOW.plusMillis(150));
    organization.runCommand(anneViews("document:1", tight, probe));
    assertEquals(ErrorCode.DEADLINE_EXCEEDED, refusal(probe.receiveMessage()));
    RequestInfo ample = ALICE.withDeadline(NOW.plusSeconds(5));
    organization.runCommand(anneViews("document:1", ample, probe));
    assertEquals(3L, revision(probe.receiveMessage()));
  }

  @Test
  void aChangeWhoseDeadlineHasPassedIsNotStarted() {
    var result =
        organization.<Answer<Summary>>runCommand(
            replyTo ->
                new OrganizationCommand.Create(
                    "Acme", ALICE.withDeadline(NOW.minusSeconds(1)), replyTo));
    assertTrue(result.hasNoEvents());
    assertEquals(ErrorCode.DEADLINE_EXCEEDED, refusal(result.reply()));
  }

  @Test
  void aRetriedIdempotencyKeyIsAnsweredAsTheFirstTimeAndAppliedOnce() {
    createWithModel();
    TestProbe<Answer<TuplesApplied>> probe = TEST_KIT.createTestProbe();
    organization.runCommand(keyedWrite("key-1", "fingerprint-a", "document:1", probe));
    assertEquals(3L, revision(probe.receiveMessage()));
    var retry = organization.runCommand(keyedWrite("key-1", "fingerprint-a", "document:1", probe));
    assertEquals(3L, revision(probe.receiveMessage()));
    assertTrue(retry.hasNoEvents());
    assertEquals(3, organization.getState().revision());
  }

  @Test
  void aRetryInTheSameGroupCommitIsAnsweredWithTheFirstTrysRevision() {
    createWithModel();
    TestProbe<Answer<TuplesApplied>> first = TEST_KIT.createTestProbe();
    TestProbe<Answer<TuplesApplied>> second = TEST_KIT.createTestProbe();
    // both are queued before the flush that journals them
    organization.runCommand(keyedWrite("key-1", "fingerprint-a", "document:1", first));
    organization.runCommand(keyedWrite("key-1", "fingerprint-a", "document:1", second));
    assertEquals(3L, revision(first.receiveMessage()));
    assertEquals(3L, revision(second.receiveMessage()));
    assertEquals(1, organization.getState().tuples().size());
  }

  @Test
  void aRetryOfAnAppliedKeyIsAnsweredWithItsRevisionEvenPastItsDeadline() {
    createWithModel();
    TestProbe<Answer<TuplesApplied>> probe = TEST_KIT.createTestProbe();
    organization.runCommand(keyedWrite("key-1", "fingerprint-a", "document:1", probe));
    assertEquals(3L, revision(probe.receiveMessage()));
    // the retry journals nothing, so no deadline can refuse it: "not applied" would be false
    organization.runCommand(
        new WriteTuples(
            List.of(TupleKey.of("document:1", "viewer", "user:anne")),
            List.of(),
            List.of(),
            false,
            false,
            null,
            new RequestInfo(
                ALICE_CALLER, "req-1", null, "key-1", "fingerprint-a", NOW.minusSeconds(1)),
            probe.getRef()));
    assertEquals(3L, revision(probe.receiveMessage()));
  }

  @Test
  void anIdempotencyKeyReusedForAnotherRequestIsRefused() {
    createWithModel();
    TestProbe<Answer<TuplesApplied>> probe = TEST_KIT.createTestProbe();
    organization.runCommand(keyedWrite("key-1", "fingerprint-a", "document:1", probe));
    probe.receiveMessage();
    var reuse = organization.runCommand(keyedWrite("key-1", "fingerprint-b", "document:2", probe));
    assertEquals(ErrorCode.IDEMPOTENCY_KEY_REUSED, refusal(probe.receiveMessage()));
    assertTrue(reuse.hasNoEvents());
  }

  @Test
  void idempotencyKeysAreRecoveredFromTheJournal() {
    createWithModel();
    TestProbe<Answer<TuplesApplied>> probe = TEST_KIT.createTestProbe();
    organization.runCommand(keyedWrite("key-1", "fingerprint-a", "document:1", probe));
    probe.receiveMessage();
    organization.restart();
    var retry = organization.runCommand(keyedWrite("key-1", "fingerprint-a", "document:1", probe));
    assertEquals(3L, revision(probe.receiveMessage()));
    assertTrue(retry.hasNoEvents());
  }

  @Test
  void aRetriedModelWriteAnswersTheFirstModelId() {
    create();
    RequestInfo keyed =
        new RequestInfo(ALICE_CALLER, "req-1", null, "model-key", "model-fingerprint", null);
    var first =
        organization.<Answer<ModelWriteResult>>runCommand(
            replyTo -> new OrganizationCommand.WriteModel(MODEL, keyed, replyTo));
    var retry =
        organization.<Answer<ModelWriteResult>>runCommand(
            replyTo -> new OrganizationCommand.WriteModel(MODEL, keyed, replyTo));
    assertEquals(value(first.reply()), value(retry.reply()));
    assertEquals(1, organization.getState().models().size());
  }

  @Test
  void aSnapshotRoundTripKeepsIdempotencyKeys() {
    createWithModel();
    TestProbe<Answer<TuplesApplied>> probe = TEST_KIT.createTestProbe();
    organization.runCommand(keyedWrite("key-1", "fingerprint-a", "document:1", probe));
    probe.receiveMessage();
    OrganizationState state = organization.getState();
    OrganizationState copy = snapshotRoundTrip(state);
    assertEquals(state.idempotencyKeys().entries(), copy.idempotencyKeys().entries());
    assertEquals(1, copy.idempotencyKeys().size());
  }

  @Test
  void aWriteByACallerThePolicyRefusesIsRefusedAndPersistsNothing() {
    createWithModel();
    TestProbe<Answer<TuplesApplied>> probe = TEST_KIT.createTestProbe();
    var result =
        organization.runCommand(
            anneViews("document:1", new RequestInfo(MALLORY, "req-9", null), probe));
    assertTrue(result.hasNoEvents());
    assertEquals(ErrorCode.FORBIDDEN, refusal(probe.receiveMessage()));
    assertEquals(2, organization.getState().revision());
  }

  @Test
  void aCallerThePolicyDoesNotLetCreateOrganizationsIsRefusedWhetherTheOrganizationExistsOrNot() {
    RequestInfo mallory = new RequestInfo(MALLORY, "req-9", null);
    var absent =
        organization.<Answer<Summary>>runCommand(
            replyTo -> new OrganizationCommand.Create("Acme", mallory, replyTo));
    create();
    var existing =
        organization.<Answer<Summary>>runCommand(
            replyTo -> new OrganizationCommand.Create("Acme", mallory, replyTo));
    assertEquals(ErrorCode.FORBIDDEN, refusal(absent.reply()));
    assertEquals(ErrorCode.FORBIDDEN, refusal(existing.reply()));
  }

  @Test
  void aModelWriteOrADeleteByACallerThePolicyRefusesIsRefused() {
    createWithModel();
    RequestInfo mallory = new RequestInfo(MALLORY, "req-9", null);
    var model =
        organization.<Answer<ModelWriteResult>>runCommand(
            replyTo -> new OrganizationCommand.WriteModel(MODEL, mallory, replyTo));
    var delete =
        organization.<Answer<Summary>>runCommand(
            replyTo -> new OrganizationCommand.Delete(mallory, replyTo));
    assertEquals(ErrorCode.FORBIDDEN, refusal(model.reply()));
    assertEquals(ErrorCode.FORBIDDEN, refusal(delete.reply()));
    assertTrue(model.hasNoEvents() && delete.hasNoEvents());
  }

  @Test
  void anApiKeyIsJournaledWithItsHashAndItsCreatorAndSurvivesASnapshot() {
    create();
    ApiKey key = apiKey("k1");
    var result =
        organization.<Answer<OrganizationCommand.KeyChanged>>runCommand(
            replyTo -> new OrganizationCommand.CreateApiKey(key, ALICE, replyTo));
    var created = assertInstanceOf(OrganizationEvent.ApiKeyCreated.class, result.event());
    assertEquals("user:alice", created.metadata().actor());
    assertEquals("hash-of-secret", created.key().secretHash());
    assertEquals(key, organization.getState().apiKeys().get("k1"));
    OrganizationState state = organization.getState();
    OrganizationState copy = snapshotRoundTrip(state);
    assertEquals(state.apiKeys(), copy.apiKeys());
  }

  @Test
  void aRevokedApiKeyStopsBeingValidAndTheRevocationIsAnEvent() {
    create();
    organization.<Answer<OrganizationCommand.KeyChanged>>runCommand(
        replyTo -> new OrganizationCommand.CreateApiKey(apiKey("k1"), ALICE, replyTo));
    var result =
        organization.<Answer<OrganizationCommand.KeyChanged>>runCommand(
            replyTo -> new OrganizationCommand.RevokeApiKey("k1", ALICE, replyTo));
    assertInstanceOf(OrganizationEvent.ApiKeyRevoked.class, result.event());
    assertFalse(organization.getState().apiKeys().get("k1").validAt(NOW));
  }

  @Test
  void revokingAnUnknownApiKeyIsRefused() {
    create();
    var result =
        organization.<Answer<OrganizationCommand.KeyChanged>>runCommand(
            replyTo -> new OrganizationCommand.RevokeApiKey("nope", ALICE, replyTo));
    assertEquals(ErrorCode.API_KEY_NOT_FOUND, refusal(result.reply()));
    assertTrue(result.hasNoEvents());
  }

  /** The state as a snapshot stores it and reads it back. */
  private static OrganizationState snapshotRoundTrip(OrganizationState state) {
    var serialization = SerializationExtension.get(Adapter.toClassic(TEST_KIT.system()));
    return (OrganizationState)
        serialization
            .deserialize(serialization.serialize(state).get(), OrganizationState.class)
            .get();
  }

  private static ApiKey apiKey(String id) {
    return new ApiKey(
        id, "ci", Set.of(Scope.READ), "hash-of-secret", NOW, "user:alice", null, null);
  }

  private static OrganizationCommand keyedWrite(
      String key, String fingerprint, String object, TestProbe<Answer<TuplesApplied>> probe) {
    return anneViews(
        object, new RequestInfo(ALICE_CALLER, "req-1", null, key, fingerprint, null), probe);
  }

  /** A write of {@code object#viewer@user:anne} on behalf of {@code request}. */
  private static OrganizationCommand anneViews(
      String object, RequestInfo request, TestProbe<Answer<TuplesApplied>> probe) {
    return new WriteTuples(
        List.of(TupleKey.of(object, "viewer", "user:anne")),
        List.of(),
        List.of(),
        false,
        false,
        null,
        request,
        probe.getRef());
  }

  @Test
  void aStopIsTakenAfterTheCommandsBeforeItAreAnswered() {
    ActorRef<OrganizationCommand> stopping =
        TEST_KIT.spawn(
            Organization.create(
                "stopping",
                new SnapshotRegistry(Runnable::run),
                new Organization.Settings(100, 2),
                POLICY,
                Clock.fixed(NOW, ZoneOffset.UTC)));
    TestProbe<Answer<Summary>> summaries = TEST_KIT.createTestProbe();
    TestProbe<Answer<ModelWriteResult>> models = TEST_KIT.createTestProbe();
    TestProbe<Answer<TuplesApplied>> writes = TEST_KIT.createTestProbe();
    stopping.tell(new OrganizationCommand.Create("Stopping", ALICE, summaries.getRef()));
    stopping.tell(new OrganizationCommand.WriteModel(MODEL, ALICE, models.getRef()));
    // a write (queued: its flush goes behind what is already waiting), a read, then the stop that
    // sharding sends on a move: the read is answered, the write journaled, and then it stops
    stopping.tell(
        write(List.of(TupleKey.of("document:1", "viewer", "user:anne")), List.of(), writes));
    stopping.tell(new OrganizationCommand.GetSummary(ALICE_CALLER, Scope.READ, summaries.getRef()));
    stopping.tell(OrganizationCommand.Stop.INSTANCE);
    assertTrue(succeeded(summaries.receiveMessage()));
    assertTrue(succeeded(models.receiveMessage()));
    // answered, before or after the write's flush: whether the flush overtakes it depends on
    // whether they were stashed behind the model's persist
    long summarized = value(summaries.receiveMessage()).revision();
    assertTrue(summarized == 2 || summarized == 3, "answered at revision " + summarized);
    assertEquals(3, revision(writes.receiveMessage()));
    writes.expectTerminated(stopping);
  }

  private void create() {
    organization.<Answer<Summary>>runCommand(
        replyTo -> new OrganizationCommand.Create("Acme", ALICE, replyTo));
  }

  private void createWithModel() {
    create();
    organization.<Answer<ModelWriteResult>>runCommand(
        replyTo -> new OrganizationCommand.WriteModel(MODEL, ALICE, replyTo));
  }

  /** Writes answer after their group commit, to the probe. */
  private static OrganizationCommand write(
      List<TupleKey> writes, List<TupleKey> deletes, TestProbe<Answer<TuplesApplied>> probe) {
    return new WriteTuples(writes, deletes, List.of(), false, false, null, ALICE, probe.getRef());
  }

  @SuppressWarnings("unchecked") // an answer that is no refusal is the result itself
  private static <T> T value(Answer<T> answer) {
    assertFalse(answer instanceof Refused, () -> "refused: " + answer);
    return (T) answer;
  }

  private static long revision(Answer<TuplesApplied> answer) {
    return value(answer).revision();
  }

  private static boolean succeeded(Answer<?> answer) {
    return !(answer instanceof Refused);
  }

  private static ErrorCode refusal(Answer<?> answer) {
    assertInstanceOf(Refused.class, answer);
    return ((Refused<?>) answer).error().code();
  }
}
