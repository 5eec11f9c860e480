package io.castellan.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.engine.EngineException;
import io.castellan.engine.model.CompiledModel;
import io.castellan.engine.model.ModelJson;
import io.castellan.engine.model.ModelLoader;
import io.castellan.engine.query.CheckRequest;
import io.castellan.engine.query.ExpandNode;
import io.castellan.engine.query.ListObjectsRequest;
import io.castellan.engine.query.ListUsersRequest;
import io.castellan.engine.query.ReadPage;
import io.castellan.engine.query.ReadRequest;
import io.castellan.engine.query.TupleKey;
import io.castellan.engine.query.UserRef;
import io.castellan.engine.store.Tuple;
import io.castellan.protocol.RevisionToken;
import io.castellan.server.organization.ModelVersion;
import io.castellan.server.organization.OrganizationCommand.Precondition;
import io.castellan.server.organization.OrganizationCommand.WriteTuples;
import io.castellan.server.organization.OrganizationError;
import io.castellan.server.organization.OrganizationState;
import io.castellan.server.organization.RequestInfo;
import io.castellan.server.query.ReadExecutor;
import io.castellan.server.service.ChangeLog;
import io.castellan.server.service.OrganizationService;
import io.castellan.server.service.ServiceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The authorization operations behind both HTTP APIs: translate a JSON body into an engine or
 * entity request, run it, and render the answer. OpenFGA's request and response shapes are used
 * throughout; the native API adds revision tokens ({@code nativeShape}).
 */
final class AuthorizationApi {

  /** Request limits, from {@code castellan.organization}. */
  record Limits(int maxTuplesPerWrite, int maxChecksPerBatch) {}

  private final OrganizationService organizations;
  private final ChangeLog changeLog;
  private final ReadExecutor reads;
  private final ObjectMapper mapper;
  private final RequestJson json;
  private final Limits limits;

  AuthorizationApi(OrganizationService organizations, ChangeLog changeLog, ReadExecutor reads, ObjectMapper mapper,
      Limits limits) {
    this.organizations = organizations;
    this.changeLog = changeLog;
    this.reads = reads;
    this.mapper = mapper;
    this.json = new RequestJson(mapper);
    this.limits = limits;
  }

  RequestJson json() {
    return json;
  }

  // ---- models ----

  CompletionStage<ApiResult> writeModel(String org, JsonNode body, RequestInfo request, boolean nativeShape) {
    CompiledModel model;
    try {
      String dsl = RequestJson.optionalText(body, "dsl");
      model = dsl != null ? ModelLoader.fromDsl(dsl) : ModelLoader.fromModel(ModelJson.fromTree(withoutId(body)));
    } catch (EngineException e) {
      return CompletableFuture.failedFuture(e);
    }
    String modelJson = ModelJson.toTree(model.model()).toString();
    try {
      ModelLoader.fromJson(modelJson); // replay reads this JSON: it must load back, or recovery would fail
    } catch (EngineException e) {
      return CompletableFuture.failedFuture(e);
    }
    return organizations.writeModel(org, modelJson, request).thenApply(result -> {
      ObjectNode out = mapper.createObjectNode().put("authorization_model_id", result.modelId());
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

  CompletionStage<ApiResult> readModels(String org, int pageSize, String continuationToken) {
    int size = pageSize <= 0 ? 50 : Math.min(pageSize, 100);
    int offset = continuationToken == null || continuationToken.isEmpty() ? 0 : modelOffset(continuationToken);
    return latest(org).thenApply(state -> {
      List<ModelVersion> models = state.models();
      int from = Math.min(offset, models.size());
      int to = Math.min(from + size, models.size());
      ObjectNode out = mapper.createObjectNode();
      ArrayNode list = out.putArray("authorization_models");
      for (int i = from; i < to; i++) {
        list.add(modelJson(models.get(models.size() - 1 - i)));
      }
      out.put("continuation_token", to < models.size() ? "m" + to : "");
      return ApiResult.ok(out, state.revision());
    });
  }

  private static int modelOffset(String token) {
    try {
      if (!token.startsWith("m")) {
        throw new NumberFormatException();
      }
      return Math.max(0, Integer.parseInt(token.substring(1)));
    } catch (NumberFormatException e) {
      throw new ServiceException("invalid_continuation_token", "invalid continuation token");
    }
  }

  CompletionStage<ApiResult> readModel(String org, String modelId) {
    return latest(org).thenApply(state -> {
      ModelVersion version = state.model(modelId);
      if (version == null) {
        throw new ServiceException(OrganizationError.MODEL_NOT_FOUND, "authorization model '" + modelId + "' not found");
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

  private CompletionStage<OrganizationState> latest(String org) {
    return organizations.state(org, io.castellan.protocol.Consistency.MINIMIZE_LATENCY, 0);
  }

  // ---- writes ----

  CompletionStage<ApiResult> write(String org, JsonNode body, RequestInfo request, boolean nativeShape) {
    JsonNode writesNode = body.path("writes");
    JsonNode deletesNode = body.path("deletes");
    List<TupleKey> writes = json.tupleKeys(writesNode.isMissingNode() ? null : writesNode, "writes");
    List<TupleKey> deletes = deleteKeys(deletesNode.isMissingNode() ? null : deletesNode);
    List<Precondition> preconditions = preconditions(body.get("preconditions"));
    if (writes.isEmpty() && deletes.isEmpty()) {
      throw new BadRequest("a write needs at least one tuple in 'writes' or 'deletes'");
    }
    if (writes.size() + deletes.size() > limits.maxTuplesPerWrite()) {
      throw new BadRequest("a write may change at most " + limits.maxTuplesPerWrite() + " tuples");
    }
    boolean ignoreDuplicates = option(writesNode, "on_duplicate");
    boolean ignoreMissing = option(deletesNode, "on_missing");
    String modelId = RequestJson.optionalText(body, "authorization_model_id");
    return organizations.writeTuples(org, replyTo -> new WriteTuples(writes, deletes, preconditions,
            ignoreDuplicates, ignoreMissing, modelId, request, replyTo))
        .thenApply(revision -> {
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
      result.add(new Precondition(json.tupleKey(precondition.get("tuple_key"), "preconditions"), exists.asBoolean()));
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

  // ---- changes ----

  /** OpenFGA's ReadChanges: tuple writes and deletes in journal order, a page at a time. */
  CompletionStage<ApiResult> changes(String org, String type, int pageSize, String token) {
    int size = pageSize <= 0 ? 50 : Math.min(pageSize, 100);
    long from = 1;
    if (token != null && !token.isEmpty()) {
      from = token.startsWith("c") ? parseRevision(token.substring(1)) : -1;
      if (from < 1) {
        throw new ServiceException("invalid_continuation_token", "invalid continuation token");
      }
    }
    long start = from;
    return organizations.summary(org)
        .thenCompose(summary -> changeLog.changes(org, type == null || type.isEmpty() ? null : type, size, start))
        .thenApply(page -> {
          ObjectNode out = mapper.createObjectNode();
          ArrayNode changes = out.putArray("changes");
          for (ChangeLog.Change change : page.changes()) {
            ObjectNode item = changes.addObject();
            item.set("tuple_key", recordJson(change.tuple()));
            item.put("operation", change.write() ? "TUPLE_OPERATION_WRITE" : "TUPLE_OPERATION_DELETE");
            item.put("timestamp", change.time().toString());
          }
          out.put("continuation_token", "c" + page.nextRevision());
          return ApiResult.ok(out, -1);
        });
  }

  private static long parseRevision(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private ObjectNode recordJson(io.castellan.server.organization.TupleRecord record) {
    ObjectNode key = mapper.createObjectNode()
        .put("object", record.object()).put("relation", record.relation()).put("user", record.user());
    if (record.condition() != null) {
      ObjectNode condition = key.putObject("condition").put("name", record.condition());
      if (record.context() != null) {
        condition.set("context", mapper.valueToTree(record.context()));
      }
    }
    return key;
  }

  // ---- reads ----

  CompletionStage<ApiResult> read(String org, JsonNode body, boolean nativeShape) {
    JsonNode key = body.get("tuple_key");
    String object = key == null ? null : RequestJson.optionalText(key, "object");
    String relation = key == null ? null : RequestJson.optionalText(key, "relation");
    String user = key == null ? null : RequestJson.optionalText(key, "user");
    int pageSize = RequestJson.optionalInt(body, "page_size", 0);
    String token = RequestJson.optionalText(body, "continuation_token");
    if (object != null && object.indexOf(':') < 0) {
      throw new BadRequest("'tuple_key.object' must be type: or type:id");
    }
    if (user != null && object == null) {
      throw new BadRequest("reading by user needs the object's type ('tuple_key.object' as type:)");
    }
    return query(org, body, null, nativeShape, ReadExecutor.Cost.LONGER, context -> {
      ReadPage page = context.queries().read(context.tuples(), new ReadRequest(object, relation, user, pageSize, token));
      ObjectNode out = mapper.createObjectNode();
      ArrayNode tuples = out.putArray("tuples");
      for (Tuple tuple : page.tuples()) {
        tuples.addObject().set("key", tupleJson(tuple));
      }
      out.put("continuation_token", page.continuationToken());
      return out;
    });
  }

  /** The answer every check sends, rendered without a JSON tree: checks are the hottest path. */
  CompletionStage<ApiResult> check(String org, JsonNode body, boolean nativeShape) {
    CheckRequest request = checkRequest(body);
    RequestJson.Freshness freshness = RequestJson.freshness(body);
    String modelId = RequestJson.optionalText(body, "authorization_model_id");
    return organizations.state(org, freshness.consistency(), freshness.minRevision())
        .thenCompose(state -> reads.run(state, modelId, ReadExecutor.Cost.CHECK, context -> {
          boolean allowed = context.queries().check(context.model(), context.tuples(), request);
          String json = "{\"allowed\":" + allowed + ",\"resolution\":\"\""
              + (nativeShape ? ",\"revision\":\"" + RevisionToken.of(state.revision()) + "\"}" : "}");
          return ApiResult.rendered(json, state.revision());
        }));
  }

  private CheckRequest checkRequest(JsonNode body) {
    TupleKey key = json.tupleKey(body.get("tuple_key"), "tuple_key");
    return new CheckRequest(key.object(), key.relation(), key.user(),
        json.tupleKeys(body.get("contextual_tuples"), "contextual_tuples"), json.context(body.get("context")));
  }

  CompletionStage<ApiResult> batchCheck(String org, JsonNode body, boolean nativeShape) {
    JsonNode checks = body.get("checks");
    if (checks == null || !checks.isArray() || checks.isEmpty()) {
      throw new BadRequest("'checks' must be a non-empty array");
    }
    if (checks.size() > limits.maxChecksPerBatch()) {
      throw new BadRequest("a batch may hold at most " + limits.maxChecksPerBatch() + " checks");
    }
    Map<String, CheckRequest> requests = new LinkedHashMap<>();
    for (JsonNode check : checks) {
      String correlationId = RequestJson.text(check, "correlation_id");
      if (requests.put(correlationId, checkRequest(check)) != null) {
        throw new BadRequest("correlation_id '" + correlationId + "' appears twice");
      }
    }
    return query(org, body, RequestJson.optionalText(body, "authorization_model_id"), nativeShape,
        ReadExecutor.Cost.CHECK, context -> {
      ObjectNode out = mapper.createObjectNode();
      ObjectNode result = out.putObject("result");
      context.queries().batchCheck(context.model(), context.tuples(), requests).forEach(answer -> {
        ObjectNode item = result.putObject(answer.correlationId());
        if (answer.error() == null) {
          item.put("allowed", answer.allowed());
        } else {
          item.put("allowed", false);
          item.putObject("error").put("input_error", answer.error().code().label)
              .put("message", answer.error().getMessage());
        }
      });
      return out;
    });
  }

  CompletionStage<ApiResult> expand(String org, JsonNode body, boolean nativeShape) {
    JsonNode key = body.get("tuple_key");
    if (key == null || !key.isObject()) {
      throw new BadRequest("'tuple_key' must be an object with object and relation");
    }
    String object = RequestJson.text(key, "object");
    String relation = RequestJson.text(key, "relation");
    List<TupleKey> contextual = json.tupleKeys(body.get("contextual_tuples"), "contextual_tuples");
    return query(org, body, RequestJson.optionalText(body, "authorization_model_id"), nativeShape,
        ReadExecutor.Cost.LONGER, context -> {
      ObjectNode out = mapper.createObjectNode();
      out.putObject("tree").set("root",
          expandJson(context.queries().expand(context.model(), context.tuples(), object, relation, contextual)));
      return out;
    });
  }

  private ObjectNode expandJson(ExpandNode node) {
    ObjectNode out = mapper.createObjectNode().put("name", node.name());
    if (node instanceof ExpandNode.Users users) {
      ArrayNode list = out.putObject("leaf").putObject("users").putArray("users");
      users.users().forEach(list::add);
    } else if (node instanceof ExpandNode.Computed computed) {
      out.putObject("leaf").putObject("computed").put("userset", computed.userset());
    } else if (node instanceof ExpandNode.TupleToUserset ttu) {
      ObjectNode leaf = out.putObject("leaf").putObject("tupleToUserset").put("tupleset", ttu.tupleset());
      ArrayNode computed = leaf.putArray("computed");
      ttu.computed().forEach(userset -> computed.addObject().put("userset", userset));
    } else if (node instanceof ExpandNode.Union union) {
      ArrayNode nodes = out.putObject("union").putArray("nodes");
      union.children().forEach(child -> nodes.add(expandJson(child)));
    } else if (node instanceof ExpandNode.Intersection intersection) {
      ArrayNode nodes = out.putObject("intersection").putArray("nodes");
      intersection.children().forEach(child -> nodes.add(expandJson(child)));
    } else if (node instanceof ExpandNode.Difference difference) {
      ObjectNode diff = out.putObject("difference");
      diff.set("base", expandJson(difference.base()));
      diff.set("subtract", expandJson(difference.subtract()));
    }
    return out;
  }

  CompletionStage<ApiResult> listObjects(String org, JsonNode body, boolean nativeShape) {
    ListObjectsRequest request = new ListObjectsRequest(RequestJson.text(body, "type"), RequestJson.text(body, "relation"),
        RequestJson.text(body, "user"), json.tupleKeys(body.get("contextual_tuples"), "contextual_tuples"),
        json.context(body.get("context")));
    return query(org, body, RequestJson.optionalText(body, "authorization_model_id"), nativeShape,
        ReadExecutor.Cost.LONGER, context -> {
      ObjectNode out = mapper.createObjectNode();
      ArrayNode objects = out.putArray("objects");
      context.queries().listObjects(context.model(), context.tuples(), request).forEach(objects::add);
      return out;
    });
  }

  CompletionStage<ApiResult> listUsers(String org, JsonNode body, boolean nativeShape) {
    JsonNode object = body.get("object");
    if (object == null || !object.isObject()) {
      throw new BadRequest("'object' must be {type, id}");
    }
    String objectText = RequestJson.text(object, "type") + ":" + RequestJson.text(object, "id");
    JsonNode filters = body.get("user_filters");
    if (filters == null || !filters.isArray() || filters.size() != 1) {
      throw new BadRequest("'user_filters' must hold exactly one {type, relation?}");
    }
    List<ListUsersRequest.UserFilter> userFilters = List.of(new ListUsersRequest.UserFilter(
        RequestJson.text(filters.get(0), "type"), RequestJson.optionalText(filters.get(0), "relation")));
    ListUsersRequest request = new ListUsersRequest(objectText, RequestJson.text(body, "relation"), userFilters,
        json.tupleKeys(body.get("contextual_tuples"), "contextual_tuples"), json.context(body.get("context")));
    return query(org, body, RequestJson.optionalText(body, "authorization_model_id"), nativeShape,
        ReadExecutor.Cost.LONGER, context -> {
      ObjectNode out = mapper.createObjectNode();
      ArrayNode users = out.putArray("users");
      for (UserRef user : context.queries().listUsers(context.model(), context.tuples(), request)) {
        ObjectNode item = users.addObject();
        if (user.isWildcard()) {
          item.putObject("wildcard").put("type", user.type());
        } else if (user.isUserset()) {
          item.putObject("userset").put("type", user.type()).put("id", user.id()).put("relation", user.relation());
        } else {
          item.putObject("object").put("type", user.type()).put("id", user.id());
        }
      }
      return out;
    });
  }

  /** Runs a read at the requested freshness and adds the revision it answered at (native API). */
  private CompletionStage<ApiResult> query(String org, JsonNode body, String modelId, boolean nativeShape,
      ReadExecutor.Cost cost, java.util.function.Function<ReadExecutor.ReadContext, ObjectNode> evaluation) {
    RequestJson.Freshness freshness = RequestJson.freshness(body);
    return organizations.state(org, freshness.consistency(), freshness.minRevision())
        .thenCompose(state -> reads.run(state, modelId, cost, context -> {
          ObjectNode out = evaluation.apply(context);
          if (nativeShape) {
            out.put("revision", RevisionToken.of(state.revision()));
          }
          return ApiResult.ok(out, state.revision());
        }));
  }

  ObjectNode tupleJson(Tuple tuple) {
    ObjectNode key = mapper.createObjectNode()
        .put("object", tuple.object()).put("relation", tuple.relation()).put("user", tuple.user());
    if (tuple.condition() != null) {
      ObjectNode condition = key.putObject("condition").put("name", tuple.condition().name());
      if (!tuple.condition().context().isEmpty()) {
        condition.set("context", mapper.valueToTree(tuple.condition().context()));
      }
    }
    return key;
  }
}
