package io.castellan.server.organization;

import io.castellan.protocol.CborSerializable;
import java.util.List;

/**
 * What happened to an organization. Persistent schema: rename or move these only with a Jackson
 * migration.
 */
public sealed interface OrganizationEvent extends CborSerializable {

  EventMetadata metadata();

  /** The state after this event (each event names the state's method for it). */
  OrganizationState applyTo(OrganizationState state, IdempotencyKeys.Retention retention);

  <R> R accept(Visitor<R> visitor);

  /** One method per kind of event, so that a new kind fails to compile until each reader has it. */
  interface Visitor<R> {
    R created(OrganizationCreated event);

    R deleted(OrganizationDeleted event);

    R modelWritten(ModelWritten event);

    R tuplesWritten(TuplesWritten event);

    R apiKeyCreated(ApiKeyCreated event);

    R apiKeyRevoked(ApiKeyRevoked event);

    R sharedBy(SharedBy event);
  }

  record OrganizationCreated(EventMetadata metadata, String name) implements OrganizationEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.created(this);
    }

    @Override
    public OrganizationState applyTo(OrganizationState state, IdempotencyKeys.Retention retention) {
      return state.created(this);
    }
  }

  record OrganizationDeleted(EventMetadata metadata) implements OrganizationEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.deleted(this);
    }

    @Override
    public OrganizationState applyTo(OrganizationState state, IdempotencyKeys.Retention retention) {
      return state.deleted(this);
    }
  }

  /** A new model version; {@code modelJson} is OpenFGA's JSON form. */
  record ModelWritten(EventMetadata metadata, String modelId, String modelJson)
      implements OrganizationEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.modelWritten(this);
    }

    @Override
    public OrganizationState applyTo(OrganizationState state, IdempotencyKeys.Retention retention) {
      return state.modelWritten(this, retention);
    }
  }

  /** A new API key: its hash, never its secret. */
  record ApiKeyCreated(EventMetadata metadata, ApiKey key) implements OrganizationEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.apiKeyCreated(this);
    }

    @Override
    public OrganizationState applyTo(OrganizationState state, IdempotencyKeys.Retention retention) {
      return state.apiKeyCreated(this);
    }
  }

  /** An API key revoked: it no longer works. */
  record ApiKeyRevoked(EventMetadata metadata, String keyId) implements OrganizationEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.apiKeyRevoked(this);
    }

    @Override
    public OrganizationState applyTo(OrganizationState state, IdempotencyKeys.Retention retention) {
      return state.apiKeyRevoked(this);
    }
  }

  /**
   * Another organization ({@code organization}) named this one's sets in its tuples ({@code
   * granted}) or no longer does ({@code withdrawn}), as its own event at its revision {@code
   * revision}: so that this organization's admins see in its audit who was given access where.
   * Changes nothing here but the revision.
   */
  record SharedBy(
      EventMetadata metadata,
      String organization,
      long revision,
      List<JournaledTuple> granted,
      List<JournaledTuple> withdrawn)
      implements OrganizationEvent {

    public SharedBy {
      granted = List.copyOf(granted);
      withdrawn = List.copyOf(withdrawn);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.sharedBy(this);
    }

    @Override
    public OrganizationState applyTo(OrganizationState state, IdempotencyKeys.Retention retention) {
      return state.sharedBy(this, retention);
    }
  }

  /**
   * One write request's changes, applied atomically: deletes first, then writes. An undo's changes
   * name what they reverse ({@code undoes}; null for any other write, and in events journaled
   * before undo existed). A management change also sets or removes display names ({@code names};
   * null when it changes none, and in events journaled before names existed).
   */
  record TuplesWritten(
      EventMetadata metadata,
      List<JournaledTuple> writes,
      List<JournaledTuple> deletes,
      UndoneRange undoes,
      List<EntityName> names)
      implements OrganizationEvent {

    public TuplesWritten {
      writes = List.copyOf(writes);
      deletes = List.copyOf(deletes);
      names = names == null || names.isEmpty() ? null : List.copyOf(names);
    }

    public TuplesWritten(
        EventMetadata metadata,
        List<JournaledTuple> writes,
        List<JournaledTuple> deletes,
        UndoneRange undoes) {
      this(metadata, writes, deletes, undoes, null);
    }

    public TuplesWritten(
        EventMetadata metadata, List<JournaledTuple> writes, List<JournaledTuple> deletes) {
      this(metadata, writes, deletes, null, null);
    }

    /** The names this change sets or removes (none for most). */
    public List<EntityName> nameChanges() {
      return names == null ? List.of() : names;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.tuplesWritten(this);
    }

    @Override
    public OrganizationState applyTo(OrganizationState state, IdempotencyKeys.Retention retention) {
      return state.tuplesWritten(this, retention);
    }
  }
}
