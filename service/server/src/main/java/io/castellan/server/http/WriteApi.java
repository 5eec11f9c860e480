package io.castellan.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.engine.query.TupleKey;
import io.castellan.protocol.RevisionToken;
import io.castellan.server.http.request.RequestBodies;
import io.castellan.server.http.request.WriteBody;
import io.castellan.server.organization.OrganizationCommand.Precondition;
import io.castellan.server.organization.OrganizationCommand.WriteTuples;
import io.castellan.server.organization.RequestInfo;
import io.castellan.server.service.OrganizationService;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Tuple writes over HTTP: OpenFGA's {@code writes}/{@code deletes} with {@code on_duplicate} and
 * {@code on_missing}, plus Castellan's {@code preconditions}; applied atomically by the
 * organization.
 */
final class WriteApi {

  private final OrganizationService organizations;
  private final ObjectMapper mapper;
  private final RequestBodies bodies;

  WriteApi(OrganizationService organizations, ObjectMapper mapper, RequestBodies bodies) {
    this.organizations = organizations;
    this.mapper = mapper;
    this.bodies = bodies;
  }

  CompletionStage<ApiResult> write(
      String org, byte[] json, RequestInfo request, boolean nativeShape) {
    WriteBody body = bodies.bind(json, WriteBody.class);
    List<TupleKey> writes = body.writeKeys(bodies);
    List<TupleKey> deletes = body.deleteKeys(bodies);
    List<Precondition> preconditions = body.preconditions(bodies);
    boolean ignoreDuplicates = body.ignoreDuplicates();
    boolean ignoreMissing = body.ignoreMissing();
    String modelId = body.modelId();
    RequestInfo keyed =
        request.idempotencyKey() == null
            ? request
            : request.withFingerprint(
                Fingerprint.of(
                    writes, deletes, preconditions, ignoreDuplicates, ignoreMissing, modelId));
    return organizations
        .writeTuples(
            org,
            keyed,
            (sent, replyTo) ->
                new WriteTuples(
                    writes,
                    deletes,
                    preconditions,
                    ignoreDuplicates,
                    ignoreMissing,
                    modelId,
                    sent,
                    replyTo))
        .thenApply(
            revision -> {
              ObjectNode out = mapper.createObjectNode();
              if (nativeShape) {
                out.put("revision", RevisionToken.of(revision));
              }
              return ApiResult.ok(out, revision);
            });
  }
}
