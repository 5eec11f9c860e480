package io.castellan.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.engine.query.TupleKey;
import io.castellan.protocol.RevisionToken;
import io.castellan.server.organization.OrganizationCommand.Precondition;
import io.castellan.server.organization.OrganizationCommand.WriteTuples;
import io.castellan.server.organization.RequestInfo;
import io.castellan.server.service.OrganizationService;
import java.util.ArrayList;
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
  private final RequestJson json;
  private final int maxTuplesPerWrite;

  WriteApi(
      OrganizationService organizations,
      ObjectMapper mapper,
      RequestJson json,
      int maxTuplesPerWrite) {
    this.organizations = organizations;
    this.mapper = mapper;
    this.json = json;
    this.maxTuplesPerWrite = maxTuplesPerWrite;
  }

  CompletionStage<ApiResult> write(
      String org, JsonNode body, RequestInfo request, boolean nativeShape) {
    JsonNode writesNode = body.path("writes");
    JsonNode deletesNode = body.path("deletes");
    List<TupleKey> writes =
        json.tupleKeys(writesNode.isMissingNode() ? null : writesNode, "writes");
    List<TupleKey> deletes = deleteKeys(deletesNode.isMissingNode() ? null : deletesNode);
    List<Precondition> preconditions = preconditions(body.get("preconditions"));
    if (writes.isEmpty() && deletes.isEmpty()) {
      throw new BadRequest("a write needs at least one tuple in 'writes' or 'deletes'");
    }
    if (writes.size() + deletes.size() > maxTuplesPerWrite) {
      throw new BadRequest("a write may change at most " + maxTuplesPerWrite + " tuples");
    }
    boolean ignoreDuplicates = option(writesNode, "on_duplicate");
    boolean ignoreMissing = option(deletesNode, "on_missing");
    String modelId = RequestJson.optionalText(body, "authorization_model_id");
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

  /** Deletes name tuples without conditions: {@code {object, relation, user}}. */
  private List<TupleKey> deleteKeys(JsonNode node) {
    return json.tupleKeys(node, "deletes").stream()
        .map(key -> new TupleKey(key.object(), key.relation(), key.user(), null))
        .toList();
  }

  private List<Precondition> preconditions(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new BadRequest("'preconditions' must be an array of {tuple_key, exists}");
    }
    List<Precondition> result = new ArrayList<>();
    for (JsonNode precondition : node) {
      JsonNode exists = precondition.get("exists");
      if (exists == null || !exists.isBoolean()) {
        throw new BadRequest("each precondition needs a boolean 'exists'");
      }
      result.add(
          new Precondition(
              json.tupleKey(precondition.get("tuple_key"), "preconditions"), exists.asBoolean()));
    }
    return result;
  }

  /** OpenFGA's {@code on_duplicate} / {@code on_missing}: "error" (default) or "ignore". */
  private static boolean option(JsonNode node, String field) {
    String value = node.isObject() ? RequestJson.optionalText(node, field) : null;
    if (value == null || value.equals("error")) {
      return false;
    }
    if (value.equals("ignore")) {
      return true;
    }
    throw new BadRequest("'" + field + "' must be \"error\" or \"ignore\"");
  }
}
