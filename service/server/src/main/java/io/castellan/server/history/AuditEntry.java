package io.castellan.server.history;

import io.castellan.server.organization.JournaledTuple;
import io.castellan.server.organization.UndoneRange;
import java.time.Instant;
import java.util.List;

/**
 * One change of an organization as the audit trail shows it: revision, time, actor, request id,
 * reason, its kind, and what it changed (the tuples written and deleted, a model's id, an API key's
 * id).
 *
 * @param kind {@code tuples}, {@code model}, {@code organization} or {@code keys}
 * @param change what happened: {@code created}, {@code deleted}, {@code written}, {@code revoked},
 *     or {@code undone} (tuples written by an undo)
 * @param subject the model's or API key's id (null for tuples and the organization)
 * @param undoes what an undo reverses (null for any other change)
 */
public record AuditEntry(
    long revision,
    Instant time,
    String actor,
    String requestId,
    String reason,
    String kind,
    String change,
    String subject,
    List<JournaledTuple> writes,
    List<JournaledTuple> deletes,
    UndoneRange undoes) {

  public AuditEntry {
    writes = List.copyOf(writes);
    deletes = List.copyOf(deletes);
  }
}
