package io.castellan.server.http.request;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Set;
import java.util.TreeSet;

/**
 * An undo: one {@code revision}, or a range {@code from} through {@code to} (revision tokens, both
 * ends included); a {@code reason}; {@code dry_run} (answer what would change, change nothing);
 * {@code force} (apply despite later changes of the same tuples, as far as it still can).
 */
public record UndoBody(
    String revision,
    String from,
    String to,
    String reason,
    @JsonProperty("dry_run") Boolean dryRun,
    Boolean force) {

  /** The fields an undo takes; any other is refused. */
  public static final Set<String> FIELDS =
      new TreeSet<>(Set.of("revision", "from", "to", "reason", "dry_run", "force"));

  /** The first revision undone. */
  public long first() {
    if (revision != null) {
      if (from != null || to != null) {
        throw new BadRequest("give 'revision', or 'from' and 'to', not both");
      }
      return parse(revision, "revision");
    }
    if (from == null || to == null) {
      throw new BadRequest("give 'revision' (one change), or 'from' and 'to' (a range)");
    }
    return parse(from, "from");
  }

  /** The last revision undone. */
  public long last() {
    return revision != null ? parse(revision, "revision") : parse(to, "to");
  }

  public boolean isDryRun() {
    return Boolean.TRUE.equals(dryRun);
  }

  public boolean isForced() {
    return Boolean.TRUE.equals(force);
  }

  /** The reason, at most 1,024 characters, or null. */
  public String checkedReason() {
    String text = RequestLimits.optional(reason);
    if (text != null && text.length() > 1024) {
      throw new BadRequest("'reason' is at most 1024 characters");
    }
    return text;
  }

  private static long parse(String token, String name) {
    long parsed = AuditParameters.revision(token, name);
    if (parsed < 1) {
      throw new BadRequest("'" + name + "' must be r1 or later");
    }
    return parsed;
  }
}
