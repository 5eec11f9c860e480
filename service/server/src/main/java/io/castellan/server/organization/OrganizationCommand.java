package io.castellan.server.organization;

import io.castellan.engine.query.TupleKey;
import io.castellan.protocol.CborSerializable;
import io.castellan.protocol.Scope;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/** What an organization is asked to do. Every change names its caller in {@link RequestInfo}. */
public sealed interface OrganizationCommand extends CborSerializable {

  /**
   * A new organization named {@code name}, starting with the model {@code modelJson} (null: none)
   * and the tuples {@code tuples} (its first admins), all journaled together.
   */
  record Create(
      String name,
      String modelJson,
      List<JournaledTuple> tuples,
      RequestInfo request,
      ActorRef<Answer<Summary>> replyTo)
      implements OrganizationCommand {

    public Create {
      tuples = List.copyOf(tuples);
    }

    public Create(String name, RequestInfo request, ActorRef<Answer<Summary>> replyTo) {
      this(name, null, List.of(), request, replyTo);
    }
  }

  record Delete(RequestInfo request, ActorRef<Answer<Summary>> replyTo)
      implements OrganizationCommand {}

  /** A new model version from OpenFGA JSON (already parsed and validated by the caller once). */
  record WriteModel(
      String modelJson, RequestInfo request, ActorRef<Answer<ModelWriteResult>> replyTo)
      implements OrganizationCommand {}

  /**
   * Writes and deletes applied atomically, validated against {@code modelId} (null: the latest
   * model). {@code onDuplicate}/{@code onMissing}: what to do with a write of a tuple that exists
   * or a delete of one that does not ({@code error} or {@code ignore}, OpenFGA's options). {@code
   * preconditions}: tuples that must (or must not) exist for the write to apply.
   */
  record WriteTuples(
      List<TupleKey> writes,
      List<TupleKey> deletes,
      List<Precondition> preconditions,
      boolean ignoreDuplicates,
      boolean ignoreMissing,
      String modelId,
      RequestInfo request,
      ActorRef<Answer<Answer.TuplesApplied>> replyTo)
      implements OrganizationCommand {

    public WriteTuples {
      writes = List.copyOf(writes);
      deletes = List.copyOf(deletes);
      preconditions = List.copyOf(preconditions);
    }
  }

  /**
   * Replies with the summary, if {@code caller} may {@code scope} in the organization; answered in
   * order after every write sent before it.
   */
  record GetSummary(Caller caller, Scope scope, ActorRef<Answer<Summary>> replyTo)
      implements OrganizationCommand {}

  /**
   * Reverses the changes of revisions {@code undoes}: deletes {@code remove} and writes back {@code
   * restore} (with their conditions), as far as they still apply, and makes {@code
   * undoes.latestModelId()} the latest model again. Unless {@code force}, it applies only if the
   * organization is still at {@code checkedThrough}, the revision through which the caller found no
   * later change of these tuples; otherwise it answers {@code moved} and the caller checks the
   * newer revisions.
   */
  record UndoChanges(
      UndoneRange undoes,
      List<JournaledTuple> remove,
      List<JournaledTuple> restore,
      long checkedThrough,
      boolean force,
      RequestInfo request,
      ActorRef<Answer<UndoApplied>> replyTo)
      implements OrganizationCommand {

    public UndoChanges {
      remove = List.copyOf(remove);
      restore = List.copyOf(restore);
    }
  }

  /**
   * An undo journaled at {@code revision} with these changes; or, when {@code moved}, not applied
   * because the organization is now at {@code revision}.
   */
  record UndoApplied(
      long revision, List<JournaledTuple> writes, List<JournaledTuple> deletes, boolean moved)
      implements Answer<UndoApplied> {

    public UndoApplied {
      writes = List.copyOf(writes);
      deletes = List.copyOf(deletes);
    }
  }

  /**
   * A change planned by the organization with its own state when it applies it ({@link
   * PlannedChange}): the management endpoints' writes, each one event.
   */
  record Manage(PlannedChange change, RequestInfo request, ActorRef<Answer<Managed>> replyTo)
      implements OrganizationCommand {}

  /**
   * A planned change journaled at {@code revision} ({@code changed} false: it changed nothing, so
   * nothing was journaled and {@code revision} is the organization's).
   */
  record Managed(long revision, boolean changed) implements Answer<Managed> {}

  /**
   * Records in this organization that organization {@code organization} named its sets in tuples at
   * its revision {@code revision}, changed there by {@code actor} ({@link
   * OrganizationEvent.SharedBy}); sent by the node that journaled them, once per change (its
   * idempotency key makes a repeat a no-op).
   */
  record RecordSharing(
      String organization,
      long revision,
      String actor,
      List<JournaledTuple> granted,
      List<JournaledTuple> withdrawn,
      RequestInfo request,
      ActorRef<Answer<Managed>> replyTo)
      implements OrganizationCommand {

    public RecordSharing {
      granted = List.copyOf(granted);
      withdrawn = List.copyOf(withdrawn);
    }
  }

  /** A new API key, of which the organization keeps only the hash ({@code key.secretHash()}). */
  record CreateApiKey(ApiKey key, RequestInfo request, ActorRef<Answer<KeyChanged>> replyTo)
      implements OrganizationCommand {}

  /** Revokes the API key {@code keyId}: it stops working at once. */
  record RevokeApiKey(String keyId, RequestInfo request, ActorRef<Answer<KeyChanged>> replyTo)
      implements OrganizationCommand {}

  /** An API key created or revoked, at {@code revision}. */
  record KeyChanged(ApiKey key, long revision) implements Answer<KeyChanged> {}

  /** Internal: validate and persist the writes queued since the last persist, in one batch. */
  enum FlushWrites implements OrganizationCommand {
    INSTANCE
  }

  /** Internal, on a timer: passivate if neither written nor read for the configured time. */
  enum CheckIdle implements OrganizationCommand {
    INSTANCE
  }

  /**
   * Internal, from sharding (a move to another node, a shutdown, a passivation): stop once the
   * commands before this one are answered, those stashed behind a persist in flight included.
   * Without it sharding stops the organization at once, and the requests in its mailbox wait out
   * their ask timeout.
   */
  enum Stop implements OrganizationCommand {
    INSTANCE
  }

  /** A tuple that must exist ({@code exists}) or must not, for a write to apply. */
  record Precondition(TupleKey tuple, boolean exists) implements CborSerializable {}

  /**
   * {@code host}: the address of the node the organization runs on, where its reads are answered;
   * {@code groupCommit}: how its tuple writes were journaled there.
   */
  record Summary(
      String id,
      OrganizationState.Status status,
      String name,
      Instant createdAt,
      long revision,
      String latestModelId,
      String host,
      GroupCommitStats groupCommit)
      implements Answer<Summary> {

    static Summary of(OrganizationState state, String host, GroupCommitStats groupCommit) {
      ModelVersion latest = state.latestModel();
      return new Summary(
          state.id(),
          state.status(),
          state.name(),
          state.createdAt(),
          state.revision(),
          latest == null ? null : latest.id(),
          host,
          groupCommit);
    }
  }

  /**
   * Group commit since the organization started on its node: how many journal writes carried how
   * many tuple writes, and the most in one. Benchmarks read it to report batch sizes.
   */
  record GroupCommitStats(long journalWrites, long writes, int largest)
      implements CborSerializable {

    static final GroupCommitStats NONE = new GroupCommitStats(0, 0, 0);

    GroupCommitStats plus(int batch) {
      return new GroupCommitStats(journalWrites + 1, writes + batch, Math.max(largest, batch));
    }
  }

  record ModelWriteResult(String modelId, long revision) implements Answer<ModelWriteResult> {}
}
