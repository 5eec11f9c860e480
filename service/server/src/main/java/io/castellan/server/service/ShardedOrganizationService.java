package io.castellan.server.service;

import io.castellan.protocol.Consistency;
import io.castellan.protocol.ErrorCode;
import io.castellan.protocol.Scope;
import io.castellan.server.async.Failures;
import io.castellan.server.async.Futures;
import io.castellan.server.organization.Answer;
import io.castellan.server.organization.ApiKey;
import io.castellan.server.organization.Caller;
import io.castellan.server.organization.JournaledTuple;
import io.castellan.server.organization.Organization;
import io.castellan.server.organization.OrganizationCommand;
import io.castellan.server.organization.OrganizationCommand.KeyChanged;
import io.castellan.server.organization.OrganizationCommand.Managed;
import io.castellan.server.organization.OrganizationCommand.ModelWriteResult;
import io.castellan.server.organization.OrganizationCommand.Summary;
import io.castellan.server.organization.OrganizationCommand.UndoApplied;
import io.castellan.server.organization.OrganizationCommand.WriteTuples;
import io.castellan.server.organization.OrganizationState;
import io.castellan.server.organization.PlannedChange;
import io.castellan.server.organization.RequestInfo;
import io.castellan.server.organization.UndoneRange;
import io.castellan.server.read.Followers;
import io.castellan.server.read.SnapshotRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.CircuitBreaker;
import org.apache.pekko.pattern.CircuitBreakerOpenException;

/**
 * The service over Cluster Sharding: changes are asked of the organization entity wherever it
 * lives; reads come from this node's {@link SnapshotRegistry}. An organization not yet in memory
 * here is woken with a summary request, which also tells whether it exists and, when it runs on
 * another node, where.
 *
 * <p>Changes wait for their answer until the caller's deadline at most (an unanswered change has an
 * unknown outcome) and pass a circuit breaker: once the journal has failed a few changes in a row,
 * changes are refused at once with {@code journal_unavailable} (they were not applied) instead of
 * each waiting for its deadline; one change at a time probes whether the journal is back.
 */
public final class ShardedOrganizationService implements OrganizationService {

  /** How long before the caller's deadline a change stops waiting for its answer. */
  private static final Duration REPLY_MARGIN = Duration.ofMillis(100);

  private final ClusterSharding sharding;
  private final SnapshotRegistry registry;
  private final Duration askTimeout;
  private final Duration freshnessWait;
  private final Executor replies;
  private final CircuitBreaker journal;
  private final Duration probeTimeout;
  private final MembershipCalm membership;
  private final Followers followers;

  /**
   * {@code replies}: where work continues after an entity answers (never the entity's own thread);
   * {@code followers}: told of every change this node acknowledges, so that reads through this node
   * see it.
   */
  public ShardedOrganizationService(
      ClusterSharding sharding,
      SnapshotRegistry registry,
      Duration askTimeout,
      Duration freshnessWait,
      Executor replies,
      CircuitBreaker journal,
      Duration probeTimeout,
      MembershipCalm membership,
      Followers followers) {
    this.followers = followers;
    this.sharding = sharding;
    this.replies = replies;
    this.registry = registry;
    this.askTimeout = askTimeout;
    this.freshnessWait = freshnessWait;
    this.journal = journal;
    this.probeTimeout = probeTimeout;
    this.membership = membership;
  }

  private EntityRef<OrganizationCommand> organization(String organizationId) {
    return sharding.entityRefFor(Organization.ENTITY_KEY, organizationId);
  }

  @Override
  public CompletionStage<Summary> create(
      String organizationId,
      String name,
      String modelJson,
      List<JournaledTuple> tuples,
      RequestInfo request) {
    return change(
        organizationId,
        request,
        (sent, timeout) ->
            organization(organizationId)
                .ask(
                    replyTo ->
                        new OrganizationCommand.Create(name, modelJson, tuples, sent, replyTo),
                    timeout));
  }

  @Override
  public CompletionStage<Managed> manage(
      String organizationId, PlannedChange change, RequestInfo request) {
    return change(
        organizationId,
        request,
        (sent, timeout) ->
            organization(organizationId)
                .ask(replyTo -> new OrganizationCommand.Manage(change, sent, replyTo), timeout));
  }

  @Override
  public CompletionStage<Summary> delete(String organizationId, RequestInfo request) {
    return change(
        organizationId,
        request,
        (sent, timeout) ->
            organization(organizationId)
                .ask(replyTo -> new OrganizationCommand.Delete(sent, replyTo), timeout));
  }

  @Override
  public CompletionStage<Summary> summary(String organizationId) {
    return summary(organizationId, Caller.SYSTEM, Scope.READ);
  }

  @Override
  public CompletionStage<Summary> summary(String organizationId, Caller caller, Scope scope) {
    CompletionStage<Answer<Summary>> reply =
        organization(organizationId)
            .ask(replyTo -> new OrganizationCommand.GetSummary(caller, scope, replyTo), askTimeout);
    return ask(reply)
        .thenApply(
            answer -> {
              Summary summary = ShardedOrganizationService.<Summary>value(answer);
              if (summary.status() != OrganizationState.Status.ACTIVE) {
                throw notFound(organizationId);
              }
              return summary;
            });
  }

  @Override
  public CompletionStage<KeyChanged> createApiKey(
      String organizationId, ApiKey key, RequestInfo request) {
    return change(
        organizationId,
        request,
        (sent, timeout) ->
            organization(organizationId)
                .ask(replyTo -> new OrganizationCommand.CreateApiKey(key, sent, replyTo), timeout));
  }

  @Override
  public CompletionStage<KeyChanged> revokeApiKey(
      String organizationId, String keyId, RequestInfo request) {
    return change(
        organizationId,
        request,
        (sent, timeout) ->
            organization(organizationId)
                .ask(
                    replyTo -> new OrganizationCommand.RevokeApiKey(keyId, sent, replyTo),
                    timeout));
  }

  @Override
  public CompletionStage<UndoApplied> undo(
      String organizationId,
      RequestInfo request,
      UndoneRange undoes,
      List<JournaledTuple> remove,
      List<JournaledTuple> restore,
      long checkedThrough,
      boolean force) {
    return change(
        organizationId,
        request,
        (sent, timeout) ->
            organization(organizationId)
                .ask(
                    replyTo ->
                        new OrganizationCommand.UndoChanges(
                            undoes, remove, restore, checkedThrough, force, sent, replyTo),
                    timeout));
  }

  @Override
  public CompletionStage<ModelWriteResult> writeModel(
      String organizationId, String modelJson, RequestInfo request) {
    return change(
        organizationId,
        request,
        (sent, timeout) ->
            organization(organizationId)
                .ask(
                    replyTo -> new OrganizationCommand.WriteModel(modelJson, sent, replyTo),
                    timeout));
  }

  @Override
  public CompletionStage<Long> writeTuples(
      String organizationId,
      RequestInfo request,
      BiFunction<RequestInfo, ActorRef<Answer<Answer.TuplesApplied>>, WriteTuples> write) {
    return this.<Answer.TuplesApplied>change(
            organizationId,
            request,
            (sent, timeout) ->
                organization(organizationId).ask(replyTo -> write.apply(sent, replyTo), timeout))
        .thenApply(Answer.TuplesApplied::revision);
  }

  /**
   * Asks for a change through the journal's circuit breaker, waiting at most until the caller's
   * deadline (less a little, so that this answer, not the route's timeout, reaches the caller).
   * While the breaker is half open the change probes the journal: its deadline is cut to {@code
   * probeTimeout}, so that it fails as fast as the changes refused meanwhile if the journal is
   * still down. (While it is open the change is refused before it is sent, whatever its deadline.)
   */
  private <T> CompletionStage<T> change(
      String organizationId,
      RequestInfo request,
      BiFunction<RequestInfo, Duration, CompletionStage<Answer<T>>> ask) {
    Instant now = Instant.now();
    boolean probing = !journal.isClosed(); // not only half open: it may turn so before the call
    if (probing) {
      Instant probeDeadline = now.plus(probeTimeout);
      if (request.deadline() == null || request.deadline().isAfter(probeDeadline)) {
        request = request.withDeadline(probeDeadline);
      }
    }
    RequestInfo sent = request;
    boolean stillWhenSent = membership.isStill();
    Duration timeout =
        sent.deadline() == null
            ? askTimeout
            : Duration.between(now, sent.deadline()).minus(REPLY_MARGIN);
    if (timeout.isNegative() || timeout.isZero()) {
      return CompletableFuture.failedFuture(
          new ServiceException(
              ErrorCode.DEADLINE_EXCEEDED,
              "the deadline passed before the change was sent; it was not applied"));
    }
    CompletableFuture<Settled<T>> settled = new CompletableFuture<>();
    journal
        .callWithCircuitBreakerCS(
            () ->
                ask(
                        ask.apply(sent, timeout),
                        ErrorCode.OUTCOME_UNKNOWN,
                        "no answer before the deadline: the change may still be in flight in the journal; read it back, "
                            + "or retry with the same idempotency key")
                    .handle(
                        (answer, failure) ->
                            Settled.of(
                                answer,
                                failure,
                                probing,
                                () -> stillWhenSent && membership.isStill())))
        .whenCompleteAsync(Futures.completing(settled), replies);
    return settled.handle(
        (outcome, failure) -> {
          if (failure == null) {
            T value = outcome.valueOrRefusal();
            followers.acknowledged(organizationId, revisionOf(value));
            return value;
          }
          Throwable cause = Failures.cause(failure);
          if (cause instanceof CircuitBreakerOpenException) {
            throw new ServiceException(
                ErrorCode.JOURNAL_UNAVAILABLE,
                "the journal is unavailable; the change was not applied; retry shortly");
          }
          if (cause instanceof ProvedNothing proof) {
            throw proof.refusal;
          }
          throw new CompletionException(cause);
        });
  }

  /**
   * A change as the journal's circuit breaker sees it. The breaker counts every failed call (with
   * no call timeout of its own it does not consult a failure function), so only what says the
   * journal failed (an unknown outcome, the journal unavailable, no answer in time: an entity
   * restarting after a journal failure holds its changes) fails the call; a refusal of the change
   * itself (invalid, a failed precondition, a reused key, its deadline too close) is a settled call
   * with a refusal in it. A probe, though, must show the journal works: one refused before it
   * reached the journal proved nothing and keeps the breaker open. No answer in time while the
   * membership was changing (see {@link MembershipCalm}) is no failure either: the change most
   * likely waited for its organization to move off a node that went away.
   */
  private record Settled<T>(T value, ServiceException refusal) {

    static <T> Settled<T> of(
        Answer<T> answer, Throwable failure, boolean probing, BooleanSupplier membershipStill) {
      if (failure != null
          && Failures.cause(failure) instanceof ServiceException unanswered
          && unanswered.error().code() == ErrorCode.OUTCOME_UNKNOWN
          && !membershipStill.getAsBoolean()) {
        if (probing) {
          throw new CompletionException(new ProvedNothing(unanswered));
        }
        return new Settled<>(null, unanswered);
      }
      if (failure != null) {
        throw failure instanceof CompletionException completion
            ? completion
            : new CompletionException(failure);
      }
      if (answer instanceof Answer.Refused<T> refused) {
        ServiceException refusal = new ServiceException(refused.error());
        ErrorCode code = refused.error().code();
        if (code == ErrorCode.OUTCOME_UNKNOWN || code == ErrorCode.JOURNAL_UNAVAILABLE) {
          throw new CompletionException(refusal);
        }
        if (probing) {
          throw new CompletionException(new ProvedNothing(refusal));
        }
        return new Settled<>(null, refusal);
      }
      return new Settled<>(ShardedOrganizationService.value(answer), null);
    }

    T valueOrRefusal() {
      if (refusal != null) {
        throw refusal;
      }
      return value;
    }
  }

  /**
   * A probe refused before it reached the journal: the client gets the refusal, the breaker a
   * failure.
   */
  private static final class ProvedNothing extends RuntimeException {
    final ServiceException refusal;

    ProvedNothing(ServiceException refusal) {
      super(refusal.getMessage(), null, false, false);
      this.refusal = refusal;
    }
  }

  @Override
  public CompletionStage<StateLookup> locate(
      String organizationId, Consistency consistency, long minRevision) {
    OrganizationState current = registry.current(organizationId);
    if (current != null
        && consistency != Consistency.FULLY_CONSISTENT
        && current.revision() >= minRevision) {
      return active(organizationId, current);
    }
    // the summary goes through the entity's mailbox: it wakes the entity and names its newest
    // revision
    return summary(organizationId)
        .thenCompose(
            summary -> {
              if (minRevision > summary.revision()) {
                throw new ServiceException(
                    ErrorCode.INVALID_REVISION,
                    "revision "
                        + minRevision
                        + " is newer than organization '"
                        + organizationId
                        + "' has ("
                        + summary.revision()
                        + "): use a token a write returned");
              }
              if (registry.current(organizationId) == null) {
                // an entity on this node publishes before it answers anything: this one lives
                // elsewhere
                return CompletableFuture.completedFuture(
                    new StateLookup.HostedElsewhere(summary.host()));
              }
              long wanted =
                  consistency == Consistency.FULLY_CONSISTENT ? summary.revision() : minRevision;
              return awaitRevision(organizationId, wanted);
            });
  }

  private CompletionStage<StateLookup> awaitRevision(String organizationId, long revision) {
    return registry
        .awaitRevision(organizationId, revision, freshnessWait)
        .handle(
            (state, failure) -> {
              if (failure == null) {
                return state;
              }
              Throwable cause = Failures.cause(failure);
              if (cause instanceof TimeoutException) {
                throw new ServiceException(
                    ErrorCode.REVISION_NOT_AVAILABLE,
                    "revision "
                        + revision
                        + " of organization '"
                        + organizationId
                        + "' was not applied on this node within "
                        + freshnessWait.toMillis()
                        + " ms");
              }
              throw new CompletionException(cause);
            })
        .thenCompose(state -> active(organizationId, state));
  }

  private static CompletionStage<StateLookup> active(
      String organizationId, OrganizationState state) {
    if (!state.isActive()) {
      return CompletableFuture.failedFuture(notFound(organizationId));
    }
    return CompletableFuture.completedFuture(new StateLookup.Here(state));
  }

  private static ServiceException notFound(String organizationId) {
    return new ServiceException(
        ErrorCode.STORE_ID_NOT_FOUND, "organization '" + organizationId + "' not found");
  }

  /**
   * Maps ask timeouts to service exceptions ({@code timeoutCode}), and moves the answer onto a
   * plain future.
   *
   * <p>Pekko's asks return Scala's CompletableFuture subclass, which runs every continuation
   * asynchronously on the common pool; on a 2-core machine that pool has parallelism 1, so the JDK
   * starts a new thread per continuation. The reply is therefore moved onto a plain future that
   * continues on the actor system's dispatcher.
   */
  private <T> CompletionStage<T> ask(CompletionStage<T> reply) {
    return ask(reply, ErrorCode.UNAVAILABLE, "the organization did not answer in time; try again");
  }

  /** The revision a change's answer names. */
  private static long revisionOf(Object answer) {
    if (answer instanceof Summary summary) {
      return summary.revision();
    } else if (answer instanceof Managed managed) {
      return managed.revision();
    } else if (answer instanceof KeyChanged changed) {
      return changed.revision();
    } else if (answer instanceof ModelWriteResult written) {
      return written.revision();
    } else if (answer instanceof UndoApplied undone) {
      return undone.revision();
    } else if (answer instanceof Answer.TuplesApplied applied) {
      return applied.revision();
    }
    throw new IllegalStateException("a change answered " + answer.getClass());
  }

  /** The result an organization answered, or its refusal as the failure it is. */
  @SuppressWarnings("unchecked") // an Answer<T> that is not a refusal is the T itself (see Answer)
  private static <T> T value(Answer<T> answer) {
    if (answer instanceof Answer.Refused<T> refused) {
      throw new ServiceException(refused.error());
    }
    return (T) answer;
  }

  private <T> CompletionStage<T> ask(
      CompletionStage<T> reply, ErrorCode timeoutCode, String timeoutMessage) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    reply.whenCompleteAsync(Futures.completing(plain), replies);
    return plain.handle(
        (value, failure) -> {
          if (failure == null) {
            return value;
          }
          Throwable cause = Failures.cause(failure);
          if (cause instanceof TimeoutException) {
            throw new ServiceException(timeoutCode, timeoutMessage);
          }
          throw new CompletionException(cause);
        });
  }
}
