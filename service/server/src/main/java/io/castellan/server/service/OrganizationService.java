package io.castellan.server.service;

import io.castellan.protocol.Consistency;
import io.castellan.protocol.Scope;
import io.castellan.server.organization.Answer;
import io.castellan.server.organization.ApiKey;
import io.castellan.server.organization.Caller;
import io.castellan.server.organization.JournaledTuple;
import io.castellan.server.organization.OrganizationCommand.KeyChanged;
import io.castellan.server.organization.OrganizationCommand.Managed;
import io.castellan.server.organization.OrganizationCommand.ModelWriteResult;
import io.castellan.server.organization.OrganizationCommand.Summary;
import io.castellan.server.organization.OrganizationCommand.UndoApplied;
import io.castellan.server.organization.OrganizationCommand.WriteTuples;
import io.castellan.server.organization.PlannedChange;
import io.castellan.server.organization.RequestInfo;
import io.castellan.server.organization.UndoneRange;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What the HTTP layer needs from the cluster: the changes it can ask an organization to make, and a
 * state to read from at the freshness a request demands. Failures complete exceptionally with
 * {@link ServiceException}.
 */
public interface OrganizationService {

  /** A blank organization (OpenFGA's stores): no model, no tuples. */
  default CompletionStage<Summary> create(String organizationId, String name, RequestInfo request) {
    return create(organizationId, name, null, List.of(), request);
  }

  /**
   * A new organization with its first model ({@code modelJson}, null: none) and tuples, journaled
   * together.
   */
  CompletionStage<Summary> create(
      String organizationId,
      String name,
      String modelJson,
      List<JournaledTuple> tuples,
      RequestInfo request);

  /** A change the organization plans with its own state (the management endpoints). */
  CompletionStage<Managed> manage(String organizationId, PlannedChange change, RequestInfo request);

  CompletionStage<Summary> delete(String organizationId, RequestInfo request);

  /** The summary of an active organization, for the node's own use (any caller may not). */
  CompletionStage<Summary> summary(String organizationId);

  /** The summary of an active organization, if {@code caller} may {@code scope} there. */
  CompletionStage<Summary> summary(String organizationId, Caller caller, Scope scope);

  /** A new API key (its hash; the secret is never sent to the organization). */
  CompletionStage<KeyChanged> createApiKey(String organizationId, ApiKey key, RequestInfo request);

  CompletionStage<KeyChanged> revokeApiKey(
      String organizationId, String keyId, RequestInfo request);

  CompletionStage<ModelWriteResult> writeModel(
      String organizationId, String modelJson, RequestInfo request);

  /**
   * The revision at which the write was applied. Changes fail with {@code outcome_unknown} when the
   * outcome is not known by the request's deadline, and otherwise mean the change was not applied.
   */
  CompletionStage<Long> writeTuples(
      String organizationId,
      RequestInfo request,
      BiFunction<RequestInfo, ActorRef<Answer<Answer.TuplesApplied>>, WriteTuples> write);

  /**
   * Journals the reversal of earlier changes, or answers {@code moved} (see {@link
   * io.castellan.server.organization.OrganizationCommand.UndoChanges}).
   */
  CompletionStage<UndoApplied> undo(
      String organizationId,
      RequestInfo request,
      UndoneRange undoes,
      List<JournaledTuple> remove,
      List<JournaledTuple> restore,
      long checkedThrough,
      boolean force);

  /**
   * An active organization's state, at least as fresh as {@code minRevision} (0: any), or the
   * newest there is when {@code consistency} is {@link Consistency#FULLY_CONSISTENT}; or, when the
   * organization runs on another node, which one.
   */
  CompletionStage<StateLookup> locate(
      String organizationId, Consistency consistency, long minRevision);
}
