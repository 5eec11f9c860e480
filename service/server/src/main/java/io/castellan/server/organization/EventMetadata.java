package io.castellan.server.organization;

import java.time.Instant;

/**
 * Who changed what, when and why: carried by every event, so the journal alone answers audit
 * questions, drives watch streams and supports time travel and undo. Persistent schema: fields are
 * only ever added (events journaled before a field existed read it as null).
 *
 * @param revision the organization's revision after this event (its sequence number)
 * @param actor the authenticated caller, or {@code anonymous}
 * @param requestId the request that caused the change (client-supplied or generated)
 * @param reason optional free text from the caller
 * @param idempotencyKey the client's idempotency key for this change, or null
 * @param fingerprint what the keyed request asked for (see {@link RequestInfo}), or null
 */
public record EventMetadata(
    long revision,
    Instant time,
    String actor,
    String requestId,
    String reason,
    String idempotencyKey,
    String fingerprint) {

  public EventMetadata(long revision, Instant time, String actor, String requestId, String reason) {
    this(revision, time, actor, requestId, reason, null, null);
  }
}
