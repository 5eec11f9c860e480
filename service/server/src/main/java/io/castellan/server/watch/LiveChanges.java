package io.castellan.server.watch;

import io.castellan.protocol.CborSerializable;
import io.castellan.server.history.AuditEntry;
import java.util.List;

/**
 * The changes of one journal write of an organization, as the entity publishes them to every node
 * with subscribers: contiguous revisions, in order.
 */
public record LiveChanges(String organizationId, List<AuditEntry> entries)
    implements CborSerializable {

  public LiveChanges {
    entries = List.copyOf(entries);
  }
}
