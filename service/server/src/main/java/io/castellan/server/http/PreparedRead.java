package io.castellan.server.http;

import io.castellan.protocol.Consistency;
import io.castellan.protocol.Scope;
import io.castellan.server.http.request.AsOf;
import io.castellan.server.organization.Caller;
import io.castellan.server.organization.OrganizationState;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * A read request parsed and validated, ready to run against an organization's state once one as
 * fresh as it asks is found ({@code consistency}, {@code minRevision}), for a caller allowed {@code
 * scope} there; {@code asOf}: a past moment to answer as of instead (null: now).
 */
record PreparedRead(
    Scope scope,
    Consistency consistency,
    long minRevision,
    AsOf asOf,
    BiFunction<OrganizationState, Caller, CompletionStage<ApiResult>> evaluation) {

  /** The read answered with {@code state}, for {@code caller} (checks log their decisions). */
  CompletionStage<ApiResult> evaluate(OrganizationState state, Caller caller) {
    return evaluation.apply(state, caller);
  }
}
