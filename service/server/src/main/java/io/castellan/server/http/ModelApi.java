package io.castellan.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.engine.EngineException;
import io.castellan.engine.model.CompiledModel;
import io.castellan.engine.model.ModelJson;
import io.castellan.engine.model.ModelLoader;
import io.castellan.protocol.Consistency;
import io.castellan.protocol.ContinuationToken;
import io.castellan.protocol.ErrorCode;
import io.castellan.protocol.RevisionToken;
import io.castellan.protocol.Scope;
import io.castellan.server.http.request.ModelDslBody;
import io.castellan.server.http.request.ModelPageBody;
import io.castellan.server.http.request.RequestBodies;
import io.castellan.server.organization.ModelVersion;
import io.castellan.server.organization.OrganizationError;
import io.castellan.server.organization.OrganizationState;
import io.castellan.server.organization.RequestInfo;
import io.castellan.server.service.OrganizationService;
import io.castellan.server.service.ServiceException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Model versions over HTTP: write (DSL or OpenFGA JSON, validated before it is journaled), list,
 * read. A model has at least one type and at most {@code limits.maxTypes()} (OpenFGA's limit, 100
 * by default), and its JSON at most {@code limits.maxBytes()} (OpenFGA measures its protobuf form
 * against 256 KiB; the JSON form, measured here, is somewhat larger for the same model).
 */
final class ModelApi {

  /** The largest model a write may bring. */
  record Limits(int maxTypes, int maxBytes) {}

  private final OrganizationService organizations;
  private final ObjectMapper mapper;
  private final Limits limits;
  private final RequestBodies bodies;

  ModelApi(
      OrganizationService organizations, ObjectMapper mapper, Limits limits, RequestBodies bodies) {
    this.bodies = bodies;
    this.organizations = organizations;
    this.mapper = mapper;
    this.limits = limits;
  }

  CompletionStage<ApiResult> writeModel(
      String org, byte[] json, RequestInfo request, boolean nativeShape) {
    JsonNode body = bodies.parse(json);
    CompiledModel model;
    try {
      String dsl = bodies.bind(body, ModelDslBody.class).dslOrNull();
      model =
          dsl != null
              ? ModelLoader.fromDsl(dsl)
              : ModelLoader.fromModel(ModelJson.fromTree(withoutId(body)));
    } catch (EngineException e) {
      return CompletableFuture.failedFuture(e);
    }
    ObjectNode tree = ModelJson.toTree(model.model());
    String modelJson = tree.toString();
    int types = tree.path("type_definitions").size();
    if (types == 0) {
      return CompletableFuture.failedFuture(
          new EngineException(
              ErrorCode.TYPE_DEFINITIONS_TOO_FEW_ITEMS,
              "a model needs at least one type definition"));
    }
    if (types > limits.maxTypes()) {
      return CompletableFuture.failedFuture(
          new EngineException(
              ErrorCode.EXCEEDED_ENTITY_LIMIT,
              "the number of type definitions in an authorization model exceeds the allowed limit of "
                  + limits.maxTypes()));
    }
    int bytes = modelJson.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > limits.maxBytes()) {
      return CompletableFuture.failedFuture(
          new EngineException(
              ErrorCode.EXCEEDED_ENTITY_LIMIT,
              "the model is "
                  + bytes
                  + " bytes of JSON; at most "
                  + limits.maxBytes()
                  + " are allowed"));
    }
    try {
      ModelLoader.fromStoredJson(
          modelJson); // replay reads this JSON: it must load back, or recovery would fail
    } catch (EngineException e) {
      return CompletableFuture.failedFuture(e);
    }
    RequestInfo keyed =
        request.idempotencyKey() == null
            ? request
            : request.withFingerprint(Fingerprint.of(modelJson));
    return organizations
        .writeModel(org, modelJson, keyed)
        .thenApply(
            result -> {
              ObjectNode out =
                  mapper.createObjectNode().put("authorization_model_id", result.modelId());
              if (nativeShape) {
                out.put("revision", RevisionToken.of(result.revision()));
              }
              return new ApiResult(201, out, result.revision());
            });
  }

  private static JsonNode withoutId(JsonNode body) {
    ObjectNode copy = body.deepCopy();
    copy.remove("id");
    return copy;
  }

  PreparedRead readModels(String org, ModelPageBody page) {
    int size = JsonRoutes.boundedPageSize(page.size());
    String query = ContinuationToken.query("models", org);
    int offset = offset(ContinuationToken.position(page.token(), query));
    return latest(
        state -> {
          List<ModelVersion> models = state.models();
          int from = Math.min(offset, models.size());
          int to = Math.min(from + size, models.size());
          ObjectNode out = mapper.createObjectNode();
          ArrayNode list = out.putArray("authorization_models");
          for (int i = from; i < to; i++) {
            list.add(modelJson(models.get(models.size() - 1 - i)));
          }
          out.put(
              "continuation_token",
              to < models.size() ? ContinuationToken.encode(query, Integer.toString(to)) : "");
          return ApiResult.ok(out, state.revision());
        });
  }

  /** Models already listed (newest first): the position in a token of ours is always a count. */
  private static int offset(String position) {
    return position == null ? 0 : Math.max(0, Integer.parseInt(position));
  }

  PreparedRead readModel(String modelId) {
    return latest(
        state -> {
          ModelVersion version = state.model(modelId);
          if (version == null) {
            throw new ServiceException(OrganizationError.modelNotFound(modelId));
          }
          ObjectNode out = mapper.createObjectNode();
          out.set("authorization_model", modelJson(version));
          return ApiResult.ok(out, state.revision());
        });
  }

  private ObjectNode modelJson(ModelVersion version) {
    ObjectNode model = ModelJson.toTree(version.compiled().model());
    model.put("id", version.id());
    return model;
  }

  /** A read of the newest state there is on the node that hosts the organization. */
  private static PreparedRead latest(Function<OrganizationState, ApiResult> evaluation) {
    return new PreparedRead(
        Scope.READ,
        Consistency.MINIMIZE_LATENCY,
        0,
        null,
        (state, caller) -> CompletableFuture.completedFuture(evaluation.apply(state)));
  }
}
