package io.castellan.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.protocol.ErrorCode;
import io.castellan.protocol.RevisionToken;
import io.castellan.protocol.Scope;
import io.castellan.server.history.UndoPlanner;
import io.castellan.server.http.request.BadRequest;
import io.castellan.server.http.request.RequestBodies;
import io.castellan.server.http.request.UndoBody;
import io.castellan.server.organization.JournaledTuple;
import io.castellan.server.organization.RequestInfo;
import io.castellan.server.organization.UndoneRange;
import io.castellan.server.service.OrganizationService;
import io.castellan.server.service.ServiceException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Undo over HTTP, for callers with the {@code write} scope: the reversal is planned from the
 * journal, checked for later changes of the same tuples (409 with them, unless forced), and
 * journaled by the organization as one event, only if nothing changed since the check; when
 * something did, the newer revisions are checked too and it tries again.
 */
final class UndoApi {

  /** How many times an undo is tried while the organization keeps changing under it. */
  static final int MAX_ATTEMPTS = 5;

  /** The most tuples one undo may change (writes and deletes together). */
  static final int MAX_TUPLES = 1000;

  private final OrganizationService organizations;
  private final UndoPlanner planner;
  private final ObjectMapper mapper;
  private final RequestBodies bodies;
  private final AnswerJson answers;

  UndoApi(
      OrganizationService organizations,
      UndoPlanner planner,
      ObjectMapper mapper,
      RequestBodies bodies) {
    this.organizations = organizations;
    this.planner = planner;
    this.mapper = mapper;
    this.bodies = bodies;
    this.answers = new AnswerJson(mapper);
  }

  CompletionStage<ApiResult> undo(String org, RequestInfo request, byte[] body) {
    UndoBody undo = bodies.bindStrictly(body, UndoBody.class, UndoBody.FIELDS);
    long from = undo.first();
    long to = undo.last();
    if (from > to) {
      throw new BadRequest("'from' must not be after 'to'");
    }
    if (to - from >= HistoryApi.MAX_DIFF_EVENTS) {
      throw new BadRequest(
          "an undo may span at most " + HistoryApi.MAX_DIFF_EVENTS + " revisions; narrow it");
    }
    String reason = undo.checkedReason();
    RequestInfo undoing = reason == null ? request : request.withReason(reason);
    return organizations
        .summary(org, request.caller(), Scope.WRITE)
        .thenCompose(
            summary -> {
              if (to > summary.revision()) {
                throw new ServiceException(
                    ErrorCode.INVALID_REVISION,
                    "revision "
                        + RevisionToken.of(to)
                        + " is beyond this organization's newest, "
                        + RevisionToken.of(summary.revision()));
              }
              long newest = summary.revision();
              return planner
                  .plan(org, from, to)
                  .thenCompose(
                      plan ->
                          within(plan)
                              .conflicts(org, plan, to, newest)
                              .thenCompose(
                                  conflicts -> {
                                    if (!conflicts.isEmpty() && !undo.isForced()) {
                                      return done(conflict(plan, conflicts));
                                    }
                                    if (undo.isDryRun()) {
                                      return done(dryRun(plan, conflicts, newest));
                                    }
                                    return apply(org, undoing, plan, newest, undo.isForced(), 1);
                                  }));
            });
  }

  /**
   * The planner, once the plan is small enough to send as one command and journal as one event (the
   * cluster's ordinary message frame is 256 KiB).
   */
  private UndoPlanner within(UndoPlanner.Plan plan) {
    int tuples = plan.remove().size() + plan.restore().size();
    if (tuples > MAX_TUPLES) {
      throw new ServiceException(
          ErrorCode.VALIDATION_ERROR,
          "undoing this range changes "
              + tuples
              + " tuples; an undo changes at most "
              + MAX_TUPLES
              + ": undo narrower ranges");
    }
    return planner;
  }

  private CompletionStage<ApiResult> apply(
      String org,
      RequestInfo request,
      UndoPlanner.Plan plan,
      long checkedThrough,
      boolean force,
      int attempt) {
    return organizations
        .undo(
            org,
            request,
            new UndoneRange(plan.from(), plan.to(), plan.latestModelId()),
            plan.remove(),
            plan.restore(),
            checkedThrough,
            force)
        .thenCompose(
            applied -> {
              if (!applied.moved()) {
                ObjectNode out = range(plan).put("revision", RevisionToken.of(applied.revision()));
                tuples(out.putArray("writes"), applied.writes());
                tuples(out.putArray("deletes"), applied.deletes());
                return done(ApiResult.ok(out, applied.revision()));
              }
              if (attempt >= MAX_ATTEMPTS) {
                throw new ServiceException(
                    ErrorCode.UNAVAILABLE,
                    "the organization kept changing while the undo was checked ("
                        + attempt
                        + " tries); nothing was undone: retry");
              }
              return planner
                  .conflicts(org, plan, checkedThrough, applied.revision())
                  .thenCompose(
                      conflicts ->
                          conflicts.isEmpty()
                              ? apply(org, request, plan, applied.revision(), force, attempt + 1)
                              : done(conflict(plan, conflicts)));
            });
  }

  private ApiResult dryRun(UndoPlanner.Plan plan, List<UndoPlanner.Conflict> conflicts, long at) {
    ObjectNode out = range(plan).put("dry_run", true).put("revision", RevisionToken.of(at));
    tuples(out.putArray("writes"), plan.restore());
    tuples(out.putArray("deletes"), plan.remove());
    conflicts(out.putArray("conflicts"), conflicts);
    return ApiResult.ok(out, at);
  }

  private ApiResult conflict(UndoPlanner.Plan plan, List<UndoPlanner.Conflict> conflicts) {
    ObjectNode out =
        mapper
            .createObjectNode()
            .put("code", ErrorCode.UNDO_CONFLICT.label)
            .put(
                "message",
                "later changes touched "
                    + conflicts.size()
                    + " of the tuples this undo would change; nothing was undone (force applies"
                    + " it as far as it still can)");
    out.set("undoes", range(plan).get("undoes"));
    conflicts(out.putArray("conflicts"), conflicts);
    return new ApiResult(ErrorCode.UNDO_CONFLICT.httpStatus, out, -1);
  }

  private ObjectNode range(UndoPlanner.Plan plan) {
    ObjectNode out = mapper.createObjectNode();
    out.putObject("undoes")
        .put("from", RevisionToken.of(plan.from()))
        .put("to", RevisionToken.of(plan.to()));
    if (plan.latestModelId() != null) {
      out.put("latest_model_id", plan.latestModelId());
    }
    return out;
  }

  private void conflicts(ArrayNode array, List<UndoPlanner.Conflict> conflicts) {
    for (UndoPlanner.Conflict conflict : conflicts) {
      ObjectNode item = array.addObject().put("revision", RevisionToken.of(conflict.revision()));
      if (conflict.tuple() == null) { // a later model write: the undo would demote it
        item.put("change", "model_written").put("model_id", conflict.modelId());
      } else {
        item.put("change", conflict.written() ? "written" : "deleted")
            .set("tuple", answers.journaled(conflict.tuple()));
      }
    }
  }

  private void tuples(ArrayNode array, List<JournaledTuple> tuples) {
    tuples.forEach(tuple -> array.add(answers.journaled(tuple)));
  }

  private static CompletionStage<ApiResult> done(ApiResult result) {
    return CompletableFuture.completedFuture(result);
  }
}
