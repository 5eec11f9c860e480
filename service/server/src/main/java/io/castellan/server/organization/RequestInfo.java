package io.castellan.server.organization;

import io.castellan.protocol.CborSerializable;
import java.time.Duration;
import java.time.Instant;

/**
 * The caller's identity and intent, carried by every command into the events it causes.
 *
 * @param caller who asks, as authentication established it
 * @param requestId the request, client-supplied or generated
 * @param reason optional free text from the caller
 * @param idempotencyKey a client's key for retrying this change safely (null: none); a change
 *     journaled with a key is not applied again for a repeat of the same key
 * @param fingerprint what the change asks for, in a form that compares equal for the same request
 *     (null: not an idempotent change); a repeated key with another fingerprint is refused
 * @param deadline the moment the caller stops waiting (null: none); the organization does not start
 *     journaling a change past it, so a change answered as timed out is never applied later
 */
public record RequestInfo(
    Caller caller,
    String requestId,
    String reason,
    String idempotencyKey,
    String fingerprint,
    Instant deadline)
    implements CborSerializable {

  public static final String ANONYMOUS = "anonymous";

  public RequestInfo(Caller caller, String requestId, String reason) {
    this(caller, requestId, reason, null, null, null);
  }

  /** The caller as events record it. */
  public String actor() {
    return caller.actor();
  }

  public RequestInfo withFingerprint(String fingerprint) {
    return new RequestInfo(caller, requestId, reason, idempotencyKey, fingerprint, deadline);
  }

  public RequestInfo withReason(String reason) {
    return new RequestInfo(caller, requestId, reason, idempotencyKey, fingerprint, deadline);
  }

  public RequestInfo withDeadline(Instant deadline) {
    return new RequestInfo(caller, requestId, reason, idempotencyKey, fingerprint, deadline);
  }

  /** Whether the caller has stopped waiting at {@code now}, or will within {@code margin}. */
  boolean expiredAt(Instant now, Duration margin) {
    return deadline != null && !now.plus(margin).isBefore(deadline);
  }

  EventMetadata metadata(long revision, Instant time) {
    return new EventMetadata(
        revision,
        time,
        actor(),
        requestId,
        reason,
        fingerprint == null ? null : idempotencyKey,
        fingerprint);
  }
}
