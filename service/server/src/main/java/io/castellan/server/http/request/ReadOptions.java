package io.castellan.server.http.request;

import io.castellan.protocol.Consistency;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * What every read body may add: the freshness it needs, or a past moment to answer as of ({@code
 * at_revision}, a revision token, or {@code at_time}, an RFC 3339 time).
 */
public interface ReadOptions {

  /** OpenFGA's consistency mode. */
  String consistency();

  /** A revision token the answer must be at least as fresh as. */
  String revision();

  /** The model version asked for, or null for the latest (or none: a read of tuples). */
  default String modelId() {
    return null;
  }

  String atRevision();

  String atTime();

  /**
   * The freshness the current state must have: as asked, and for a read at a past revision at least
   * that revision (so that a revision the organization has not reached is refused).
   */
  default Freshness freshness() {
    Freshness asked = RequestBodies.freshness(consistency(), revision());
    AsOf asOf = asOf();
    if (asOf == null
        || asOf.revision() == null
        || asked.consistency() == Consistency.FULLY_CONSISTENT) {
      return asked;
    }
    return new Freshness(
        Consistency.AT_LEAST_AS_FRESH,
        Math.max(asked.minRevision(), asOf.revision()),
        asked.others());
  }

  /** The past moment the read asks about, or null for now. */
  default AsOf asOf() {
    String revision = RequestLimits.optional(atRevision());
    String time = RequestLimits.optional(atTime());
    if (revision != null && time != null) {
      throw new BadRequest("give 'at_revision' or 'at_time', not both");
    }
    if (revision != null) {
      return new AsOf(AuditParameters.revision(revision, "at_revision"), null);
    }
    if (time != null) {
      try {
        return new AsOf(null, Instant.parse(time));
      } catch (DateTimeParseException e) {
        throw new BadRequest("'at_time' must be an RFC 3339 time such as 2026-12-01T09:00:00Z");
      }
    }
    return null;
  }
}
