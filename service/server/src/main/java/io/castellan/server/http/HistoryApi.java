package io.castellan.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.protocol.ContinuationToken;
import io.castellan.protocol.ErrorCode;
import io.castellan.protocol.RevisionToken;
import io.castellan.protocol.Scope;
import io.castellan.server.history.AuditEntry;
import io.castellan.server.history.AuditLog;
import io.castellan.server.history.TupleDiff;
import io.castellan.server.http.request.AuditParameters;
import io.castellan.server.http.request.BadRequest;
import io.castellan.server.organization.Caller;
import io.castellan.server.organization.JournaledTuple;
import io.castellan.server.service.OrganizationService;
import io.castellan.server.service.ServiceException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * An organization's history over HTTP, for callers with the {@code audit} scope: the audit trail
 * (pages with a cursor, or every entry streamed as NDJSON) and the net tuple changes between two
 * revisions.
 */
final class HistoryApi {

  /** The longest range a diff may span, in events: a longer one is refused (narrow it). */
  static final long MAX_DIFF_EVENTS = 200_000;

  private final OrganizationService organizations;
  private final AuditLog audit;
  private final TupleDiff diff;
  private final ObjectMapper mapper;
  private final AnswerJson answers;

  HistoryApi(
      OrganizationService organizations, AuditLog audit, TupleDiff diff, ObjectMapper mapper) {
    this.organizations = organizations;
    this.audit = audit;
    this.diff = diff;
    this.mapper = mapper;
    this.answers = new AnswerJson(mapper);
  }

  /** A page of the audit trail; its continuation token continues the same query. */
  CompletionStage<ApiResult> auditPage(String org, Caller caller, AuditParameters parameters) {
    String query = ContinuationToken.query(prepend("audit", org, parameters.queryParts()));
    String position = ContinuationToken.position(parameters.continuationToken(), query);
    long continueAt = position == null ? 0 : Long.parseLong(position); // ours: always a revision
    var filter = parameters.filter(continueAt);
    int size = JsonRoutes.boundedPageSize(parameters.pageSize());
    return organizations
        .summary(org, caller, Scope.AUDIT)
        .thenCompose(summary -> audit.page(org, filter, size))
        .thenApply(
            page -> {
              ObjectNode out = mapper.createObjectNode();
              ArrayNode entries = out.putArray("entries");
              page.entries().forEach(entry -> entries.add(answers.auditEntry(entry)));
              out.put(
                  "continuation_token",
                  page.nextRevision() == 0
                      ? ""
                      : ContinuationToken.encode(query, Long.toString(page.nextRevision())));
              return ApiResult.ok(out, -1);
            });
  }

  /** Every entry of the audit trail the query wants, one JSON object per line. */
  CompletionStage<Source<ByteString, NotUsed>> auditStream(
      String org, Caller caller, AuditParameters parameters) {
    var filter = parameters.filter(0);
    return organizations
        .summary(org, caller, Scope.AUDIT)
        .thenApply(
            summary -> audit.stream(org, filter).map(entry -> ByteString.fromArray(line(entry))));
  }

  /** The net tuple changes from revision {@code from} to {@code to} (default: the newest). */
  CompletionStage<ApiResult> diff(String org, Caller caller, String fromToken, String toToken) {
    if (fromToken == null) {
      throw new BadRequest("'from' is required: a revision token such as r12");
    }
    long from = AuditParameters.revision(fromToken, "from");
    Long requestedTo = toToken == null ? null : AuditParameters.revision(toToken, "to");
    return organizations
        .summary(org, caller, Scope.AUDIT)
        .thenCompose(
            summary -> {
              long to = requestedTo == null ? summary.revision() : requestedTo;
              if (to > summary.revision() || from > to) {
                throw new ServiceException(
                    ErrorCode.INVALID_REVISION,
                    "'from' ("
                        + from
                        + ") and 'to' ("
                        + to
                        + ") must be revisions with from <= to <= the newest, "
                        + summary.revision());
              }
              if (to - from > MAX_DIFF_EVENTS) {
                throw new ServiceException(
                    ErrorCode.VALIDATION_ERROR,
                    "a diff may span at most " + MAX_DIFF_EVENTS + " revisions; narrow it");
              }
              return diff.between(org, from, to);
            })
        .thenApply(
            result -> {
              ObjectNode out =
                  mapper
                      .createObjectNode()
                      .put("from", RevisionToken.of(result.from()))
                      .put("to", RevisionToken.of(result.to()));
              tuples(out.putArray("written"), result.written());
              tuples(out.putArray("deleted"), result.deleted());
              return ApiResult.ok(out, result.to());
            });
  }

  private static String[] prepend(String operation, String org, String[] parts) {
    String[] all = new String[parts.length + 2];
    all[0] = operation;
    all[1] = org;
    System.arraycopy(parts, 0, all, 2, parts.length);
    return all;
  }

  private byte[] line(AuditEntry entry) {
    try {
      byte[] json = mapper.writeValueAsBytes(answers.auditEntry(entry));
      byte[] line = new byte[json.length + 1];
      System.arraycopy(json, 0, line, 0, json.length);
      line[json.length] = '\n';
      return line;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void tuples(ArrayNode array, List<JournaledTuple> tuples) {
    tuples.forEach(tuple -> array.add(answers.journaled(tuple)));
  }
}
