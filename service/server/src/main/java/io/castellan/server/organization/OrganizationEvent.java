package io.castellan.server.organization;

import io.castellan.protocol.CborSerializable;
import java.util.List;

/**
 * What happened to an organization. Persistent schema: rename or move these only with a Jackson
 * migration.
 */
public sealed interface OrganizationEvent extends CborSerializable {

  EventMetadata metadata();

  record OrganizationCreated(EventMetadata metadata, String name) implements OrganizationEvent {}

  record OrganizationDeleted(EventMetadata metadata) implements OrganizationEvent {}

  /** A new model version; {@code modelJson} is OpenFGA's JSON form. */
  record ModelWritten(EventMetadata metadata, String modelId, String modelJson) implements OrganizationEvent {}

  /** One write request's changes, applied atomically: deletes first, then writes. */
  record TuplesWritten(EventMetadata metadata, List<JournaledTuple> writes, List<JournaledTuple> deletes)
      implements OrganizationEvent {

    public TuplesWritten {
      writes = List.copyOf(writes);
      deletes = List.copyOf(deletes);
    }
  }
}
