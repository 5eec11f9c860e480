package io.castellan.server.http;

import io.castellan.protocol.Consistency;
import io.castellan.protocol.Scope;
import io.castellan.server.http.request.AsOf;
import io.castellan.server.organization.OrganizationState;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

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
    Function<OrganizationState, CompletionStage<ApiResult>> evaluation) {

  CompletionStage<ApiResult> evaluate(OrganizationState state) {
    return evaluation.apply(state);
  }
}
