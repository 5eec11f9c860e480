package io.castellan.server.http.request;

import io.castellan.protocol.RevisionToken;
import io.castellan.server.history.AuditFilter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of an audit query: {@code actor}, {@code object} ({@code type:id}, or {@code
 * type:} for a whole type), {@code type} (object types, comma-separated), {@code relation}, {@code
 * user}, {@code kind} (comma-separated: tuples, model, organization, keys), {@code from} and {@code
 * to} (each a revision token or an RFC 3339 time, both ends included), {@code page_size} and {@code
 * continuation_token}.
 */
public record AuditParameters(Map<String, String> parameters) {

  /** The filter, starting at {@code fromRevision} when a continuation token says so (else 0). */
  public AuditFilter filter(long continueAt) {
    String from = value("from");
    String to = value("to");
    long fromRevision = isRevision(from) ? revision(from, "from") : 0;
    long toRevision = isRevision(to) ? revision(to, "to") : Long.MAX_VALUE;
    return filter(
        Math.max(fromRevision, continueAt),
        toRevision,
        from == null || isRevision(from) ? null : time(from, "from"),
        to == null || isRevision(to) ? null : time(to, "to"));
  }

  /**
   * The filter of a watch: the same parameters but {@code from} and {@code to}, over the revisions
   * after {@code after}.
   */
  public AuditFilter liveFilter(long after) {
    return filter(after + 1, Long.MAX_VALUE, null, null);
  }

  private AuditFilter filter(long fromRevision, long toRevision, Instant fromTime, Instant toTime) {
    return new AuditFilter(
        value("actor"),
        value("object"),
        objectTypes(),
        value("relation"),
        value("user"),
        kinds(),
        fromRevision,
        toRevision,
        fromTime,
        toTime);
  }

  /** The parameters the continuation token is bound to (all but the page's own). */
  public String[] queryParts() {
    return new String[] {
      value("actor"),
      value("object"),
      value("type"),
      value("relation"),
      value("user"),
      value("kind"),
      value("from"),
      value("to")
    };
  }

  public String continuationToken() {
    return value("continuation_token");
  }

  public int pageSize() {
    String size = value("page_size");
    if (size == null) {
      return 0;
    }
    try {
      return Integer.parseInt(size);
    } catch (NumberFormatException e) {
      throw new BadRequest("'page_size' must be an integer");
    }
  }

  private Set<String> objectTypes() {
    String types = value("type");
    return types == null ? null : new LinkedHashSet<>(Arrays.asList(types.split(",")));
  }

  private Set<String> kinds() {
    String kind = value("kind");
    if (kind == null) {
      return null;
    }
    Set<String> kinds = new LinkedHashSet<>(Arrays.asList(kind.split(",")));
    for (String each : kinds) {
      if (!AuditFilter.KINDS.contains(each)) {
        throw new BadRequest(
            "unknown kind '"
                + each
                + "': use tuples, model, organization or keys (or decisions, alone)");
      }
    }
    return kinds;
  }

  private String value(String name) {
    return RequestLimits.optional(parameters.get(name));
  }

  private static boolean isRevision(String text) {
    return text != null && text.startsWith("r");
  }

  /** A revision token, as every write answers with. */
  public static long revision(String token, String name) {
    long revision = RevisionToken.parse(token);
    if (revision < 0) {
      throw new BadRequest("'" + name + "' must be a revision token such as r12");
    }
    return revision;
  }

  private static Instant time(String text, String name) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadRequest(
          "'"
              + name
              + "' must be a revision token (r12) or an RFC 3339 time (2026-12-01T09:00:00Z)");
    }
  }
}
