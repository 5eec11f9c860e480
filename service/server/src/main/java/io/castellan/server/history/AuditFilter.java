package io.castellan.server.history;

import io.castellan.server.organization.JournaledTuple;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Which entries an audit query wants; null fields do not filter. {@code object} is a whole object
 * ({@code document:7}) or a type ({@code document:}); {@code objectTypes} keeps tuples of those
 * types; tuple filters ({@code object}, {@code objectTypes}, {@code relation}, {@code user}) keep
 * the entries with at least one matching tuple, narrowed to those. Revisions and times bound the
 * range, both ends included.
 */
public record AuditFilter(
    String actor,
    String object,
    Set<String> objectTypes,
    String relation,
    String user,
    Set<String> kinds,
    long fromRevision,
    long toRevision,
    Instant fromTime,
    Instant toTime) {

  public static final Set<String> KINDS =
      Set.of("tuples", "model", "organization", "keys", "sharing");

  boolean filtersTuples() {
    return object != null || objectTypes != null || relation != null || user != null;
  }

  /** Whether the entry is past the end of the range (so no later one can match). */
  public boolean pastTheEnd(AuditEntry entry) {
    return entry.revision() > toRevision || (toTime != null && entry.time().isAfter(toTime));
  }

  /** The entry as the query wants it, or null when it does not match. */
  public AuditEntry apply(AuditEntry entry) {
    if (entry.revision() < fromRevision || (fromTime != null && entry.time().isBefore(fromTime))) {
      return null;
    }
    if ((actor != null && !actor.equals(entry.actor()))
        || (kinds != null && !kinds.contains(entry.kind()))) {
      return null;
    }
    if (!filtersTuples()) {
      return entry;
    }
    List<JournaledTuple> writes = entry.writes().stream().filter(this::matches).toList();
    List<JournaledTuple> deletes = entry.deletes().stream().filter(this::matches).toList();
    if (writes.isEmpty() && deletes.isEmpty()) {
      return null;
    }
    return new AuditEntry(
        entry.revision(),
        entry.time(),
        entry.actor(),
        entry.requestId(),
        entry.reason(),
        entry.kind(),
        entry.change(),
        entry.subject(),
        writes,
        deletes,
        entry.undoes());
  }

  private static String typeOf(String object) {
    int colon = object.indexOf(':');
    return colon < 0 ? object : object.substring(0, colon);
  }

  private boolean matches(JournaledTuple tuple) {
    boolean objectMatches =
        object == null
            || (object.endsWith(":")
                ? tuple.object().startsWith(object)
                : tuple.object().equals(object));
    return objectMatches
        && (objectTypes == null || objectTypes.contains(typeOf(tuple.object())))
        && (relation == null || relation.equals(tuple.relation()))
        && (user == null || user.equals(tuple.user()));
  }
}
