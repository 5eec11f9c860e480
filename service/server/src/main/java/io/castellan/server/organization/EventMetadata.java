package io.castellan.server.organization;

import java.time.Instant;

/**
 * Who changed what, when and why: carried by every event, so the journal alone answers audit
 * questions, drives watch streams and supports time travel and undo.
 *
 * @param revision the organization's revision after this event (its sequence number)
 * @param actor the authenticated caller, or {@code anonymous}
 * @param requestId the request that caused the change (client-supplied or generated)
 * @param reason optional free text from the caller
 */
public record EventMetadata(long revision, Instant time, String actor, String requestId, String reason) {}
