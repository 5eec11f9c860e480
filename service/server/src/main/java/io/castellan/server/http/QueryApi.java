package io.castellan.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.engine.query.CheckRequest;
import io.castellan.engine.query.ExpandNode;
import io.castellan.engine.query.ListObjectsRequest;
import io.castellan.engine.query.ListUsersRequest;
import io.castellan.engine.query.ObjectRef;
import io.castellan.engine.query.ReadPage;
import io.castellan.engine.query.ReadRequest;
import io.castellan.engine.query.TupleKey;
import io.castellan.engine.query.UserRef;
import io.castellan.engine.store.IndexedTuple;
import io.castellan.protocol.RevisionToken;
import io.castellan.server.read.ReadExecutor;
import io.castellan.server.service.OrganizationService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The read operations over HTTP: Read, Check, BatchCheck, Expand, ListObjects, ListUsers, each at
 * the freshness the request asks for, answering with the revision it saw (native API).
 */
final class QueryApi {

  private final OrganizationService organizations;
  private final ReadExecutor reads;
  private final ObjectMapper mapper;
  private final RequestJson json;
  private final int maxChecksPerBatch;

  QueryApi(
      OrganizationService organizations,
      ReadExecutor reads,
      ObjectMapper mapper,
      RequestJson json,
      int maxChecksPerBatch) {
    this.organizations = organizations;
    this.reads = reads;
    this.mapper = mapper;
    this.json = json;
    this.maxChecksPerBatch = maxChecksPerBatch;
  }

  CompletionStage<ApiResult> read(String org, JsonNode body, boolean nativeShape) {
    JsonNode key = body.get("tuple_key");
    String object = key == null ? null : RequestJson.optionalText(key, "object");
    String relation = key == null ? null : RequestJson.optionalText(key, "relation");
    String user = key == null ? null : RequestJson.optionalText(key, "user");
    int pageSize = RequestJson.optionalInt(body, "page_size", 0);
    String token = RequestJson.optionalText(body, "continuation_token");
    if (object != null && !object.isEmpty()) {
      ObjectRef.parseFilter(object); // refused here, before a read is forwarded to another node
    }
    if (user != null && object == null) {
      throw new BadRequest("reading by user needs the object's type ('tuple_key.object' as type:)");
    }
    return query(
        org,
        body,
        null,
        nativeShape,
        ReadExecutor.Cost.LONGER,
        context -> {
          ReadPage page =
              context
                  .queries()
                  .read(
                      context.tuples(),
                      new ReadRequest(object, relation, user, pageSize, token, org));
          ObjectNode out = mapper.createObjectNode();
          ArrayNode tuples = out.putArray("tuples");
          for (IndexedTuple tuple : page.tuples()) {
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
    return organizations
        .state(org, freshness.consistency(), freshness.minRevision())
        .thenCompose(
            state ->
                reads.run(
                    state,
                    modelId,
                    ReadExecutor.Cost.CHECK,
                    context -> {
                      boolean allowed =
                          context.queries().check(context.model(), context.tuples(), request);
                      String json =
                          "{\"allowed\":"
                              + allowed
                              + ",\"resolution\":\"\""
                              + (nativeShape
                                  ? ",\"revision\":\"" + RevisionToken.of(state.revision()) + "\"}"
                                  : "}");
                      return ApiResult.rendered(json, state.revision());
                    }));
  }

  private CheckRequest checkRequest(JsonNode body) {
    TupleKey key = json.tupleKey(body.get("tuple_key"), "tuple_key");
    return new CheckRequest(
        key.object(),
        key.relation(),
        key.user(),
        json.tupleKeys(body.get("contextual_tuples"), "contextual_tuples"),
        json.context(body.get("context")));
  }

  CompletionStage<ApiResult> batchCheck(String org, JsonNode body, boolean nativeShape) {
    JsonNode checks = body.get("checks");
    if (checks == null || !checks.isArray() || checks.isEmpty()) {
      throw new BadRequest("'checks' must be a non-empty array");
    }
    if (checks.size() > maxChecksPerBatch) {
      throw new BadRequest("a batch may hold at most " + maxChecksPerBatch + " checks");
    }
    Map<String, CheckRequest> requests = new LinkedHashMap<>();
    for (JsonNode check : checks) {
      String correlationId = RequestJson.text(check, "correlation_id");
      if (requests.put(correlationId, checkRequest(check)) != null) {
        throw new BadRequest("correlation_id '" + correlationId + "' appears twice");
      }
    }
    return query(
        org,
        body,
        RequestJson.optionalText(body, "authorization_model_id"),
        nativeShape,
        ReadExecutor.Cost.CHECK,
        context -> {
          ObjectNode out = mapper.createObjectNode();
          ObjectNode result = out.putObject("result");
          context
              .queries()
              .batchCheck(context.model(), context.tuples(), requests)
              .forEach(
                  answer -> {
                    ObjectNode item = result.putObject(answer.correlationId());
                    if (answer.error() == null) {
                      item.put("allowed", answer.allowed());
                    } else {
                      item.put("allowed", false);
                      item.putObject("error")
                          .put("input_error", answer.error().code().label)
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
    return query(
        org,
        body,
        RequestJson.optionalText(body, "authorization_model_id"),
        nativeShape,
        ReadExecutor.Cost.LONGER,
        context -> {
          ObjectNode out = mapper.createObjectNode();
          out.putObject("tree")
              .set(
                  "root",
                  expandJson(
                      context
                          .queries()
                          .expand(
                              context.model(), context.tuples(), object, relation, contextual)));
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
      ObjectNode leaf =
          out.putObject("leaf").putObject("tupleToUserset").put("tupleset", ttu.tupleset());
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
    ListObjectsRequest request =
        new ListObjectsRequest(
            RequestJson.text(body, "type"),
            RequestJson.text(body, "relation"),
            RequestJson.text(body, "user"),
            json.tupleKeys(body.get("contextual_tuples"), "contextual_tuples"),
            json.context(body.get("context")));
    return query(
        org,
        body,
        RequestJson.optionalText(body, "authorization_model_id"),
        nativeShape,
        ReadExecutor.Cost.LONGER,
        context -> {
          ObjectNode out = mapper.createObjectNode();
          ArrayNode objects = out.putArray("objects");
          context
              .queries()
              .listObjects(context.model(), context.tuples(), request)
              .forEach(objects::add);
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
    List<ListUsersRequest.UserFilter> userFilters =
        List.of(
            new ListUsersRequest.UserFilter(
                RequestJson.text(filters.get(0), "type"),
                RequestJson.optionalText(filters.get(0), "relation")));
    ListUsersRequest request =
        new ListUsersRequest(
            objectText,
            RequestJson.text(body, "relation"),
            userFilters,
            json.tupleKeys(body.get("contextual_tuples"), "contextual_tuples"),
            json.context(body.get("context")));
    return query(
        org,
        body,
        RequestJson.optionalText(body, "authorization_model_id"),
        nativeShape,
        ReadExecutor.Cost.LONGER,
        context -> {
          ObjectNode out = mapper.createObjectNode();
          ArrayNode users = out.putArray("users");
          for (UserRef user :
              context.queries().listUsers(context.model(), context.tuples(), request)) {
            ObjectNode item = users.addObject();
            if (user.isWildcard()) {
              item.putObject("wildcard").put("type", user.type());
            } else if (user.isUserset()) {
              item.putObject("userset")
                  .put("type", user.type())
                  .put("id", user.id())
                  .put("relation", user.relation());
            } else {
              item.putObject("object").put("type", user.type()).put("id", user.id());
            }
          }
          return out;
        });
  }

  /** Runs a read at the requested freshness and adds the revision it answered at (native API). */
  private CompletionStage<ApiResult> query(
      String org,
      JsonNode body,
      String modelId,
      boolean nativeShape,
      ReadExecutor.Cost cost,
      Function<ReadExecutor.ReadContext, ObjectNode> evaluation) {
    RequestJson.Freshness freshness = RequestJson.freshness(body);
    return organizations
        .state(org, freshness.consistency(), freshness.minRevision())
        .thenCompose(
            state ->
                reads.run(
                    state,
                    modelId,
                    cost,
                    context -> {
                      ObjectNode out = evaluation.apply(context);
                      if (nativeShape) {
                        out.put("revision", RevisionToken.of(state.revision()));
                      }
                      return ApiResult.ok(out, state.revision());
                    }));
  }

  ObjectNode tupleJson(IndexedTuple tuple) {
    ObjectNode key =
        mapper
            .createObjectNode()
            .put("object", tuple.object())
            .put("relation", tuple.relation())
            .put("user", tuple.user());
    if (tuple.condition() != null) {
      ObjectNode condition = key.putObject("condition").put("name", tuple.condition().name());
      if (!tuple.condition().context().isEmpty()) {
        condition.set("context", mapper.valueToTree(tuple.condition().context()));
      }
    }
    return key;
  }
}
