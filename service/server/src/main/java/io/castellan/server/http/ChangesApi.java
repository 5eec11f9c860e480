package io.castellan.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.protocol.ContinuationToken;
import io.castellan.protocol.Scope;
import io.castellan.server.journal.ChangeLog;
import io.castellan.server.organization.Caller;
import io.castellan.server.service.OrganizationService;
import java.util.concurrent.CompletionStage;

/** OpenFGA's ReadChanges over HTTP, from the journal. */
final class ChangesApi {

  private final OrganizationService organizations;
  private final ChangeLog changeLog;
  private final ObjectMapper mapper;
  private final AnswerJson answers;

  ChangesApi(OrganizationService organizations, ChangeLog changeLog, ObjectMapper mapper) {
    this.organizations = organizations;
    this.changeLog = changeLog;
    this.mapper = mapper;
    this.answers = new AnswerJson(mapper);
  }

  /** OpenFGA's ReadChanges: tuple writes and deletes in journal order, a page at a time. */
  CompletionStage<ApiResult> changes(
      String org, Caller caller, String type, int pageSize, String token) {
    int size = JsonRoutes.boundedPageSize(pageSize);
    String filter = type == null || type.isEmpty() ? null : type;
    String query = ContinuationToken.query("changes", org, filter);
    String position = ContinuationToken.position(token, query);
    long start = position == null ? 1 : Long.parseLong(position); // ours: always a revision
    return organizations
        .summary(org, caller, Scope.READ)
        .thenCompose(summary -> changeLog.changes(org, filter, size, start))
        .thenApply(
            page -> {
              ObjectNode out = mapper.createObjectNode();
              ArrayNode changes = out.putArray("changes");
              for (ChangeLog.Change change : page.changes()) {
                ObjectNode item = changes.addObject();
                item.set("tuple_key", answers.journaled(change.tuple()));
                item.put(
                    "operation",
                    change.write() ? "TUPLE_OPERATION_WRITE" : "TUPLE_OPERATION_DELETE");
                item.put("timestamp", change.time().toString());
              }
              // always a token, also at the end: OpenFGA's clients poll with it for newer changes
              out.put(
                  "continuation_token",
                  ContinuationToken.encode(query, Long.toString(page.nextRevision())));
              return ApiResult.ok(out, -1);
            });
  }
}
