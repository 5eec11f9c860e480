package io.castellan.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.engine.query.CheckRequest;
import io.castellan.engine.query.Explanation;
import io.castellan.engine.query.ListObjectsRequest;
import io.castellan.engine.query.ListUsersRequest;
import io.castellan.engine.query.ReadPage;
import io.castellan.engine.query.ReadRequest;
import io.castellan.engine.query.TupleKey;
import io.castellan.engine.store.IndexedTuple;
import io.castellan.protocol.RevisionToken;
import io.castellan.protocol.Scope;
import io.castellan.server.decisions.DecisionLog;
import io.castellan.server.history.Provenance;
import io.castellan.server.http.request.BatchCheckBody;
import io.castellan.server.http.request.CheckBody;
import io.castellan.server.http.request.ExpandBody;
import io.castellan.server.http.request.Freshness;
import io.castellan.server.http.request.ListObjectsBody;
import io.castellan.server.http.request.ListUsersBody;
import io.castellan.server.http.request.ReadBody;
import io.castellan.server.http.request.ReadOptions;
import io.castellan.server.http.request.RequestBodies;
import io.castellan.server.organization.Caller;
import io.castellan.server.organization.JournaledTuple;
import io.castellan.server.organization.OrganizationState;
import io.castellan.server.read.ForeignTuples;
import io.castellan.server.read.ReadExecutor;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The read operations over HTTP: Read, Check, BatchCheck, Expand, ListObjects, ListUsers. Each
 * binds its body and prepares the read, which runs at the freshness the request asks for wherever
 * the organization's state is ({@link ReadRouting}) and answers with the revision it saw (native
 * API).
 */
final class QueryApi {

  private final ReadExecutor reads;
  private final CrossOrganizationReads crossOrganization;
  private final ObjectMapper mapper;
  private final RequestBodies bodies;
  private final AnswerJson answers;
  private final Provenance provenance;
  private final ExplanationJson explanations;
  private final DecisionLog decisions;

  /** An explanation keeps at most this many steps (a denial's branches can be many). */
  static final int MAX_EXPLAINED_STEPS = 200;

  QueryApi(
      ReadExecutor reads,
      CrossOrganizationReads crossOrganization,
      ObjectMapper mapper,
      RequestBodies bodies,
      Provenance provenance,
      DecisionLog decisions) {
    this.decisions = decisions;
    this.reads = reads;
    this.crossOrganization = crossOrganization;
    this.mapper = mapper;
    this.bodies = bodies;
    this.answers = new AnswerJson(mapper);
    this.provenance = provenance;
    this.explanations = new ExplanationJson(mapper);
  }

  PreparedRead read(String org, byte[] json, boolean nativeShape) {
    ReadBody body = bodies.bind(json, ReadBody.class);
    ReadRequest request = body.request(org);
    return query(
        body,
        nativeShape,
        ReadExecutor.Cost.LONGER,
        Following.NOTHING,
        context -> {
          ReadPage page = context.queries().read(context.tuples(), request);
          ObjectNode out = mapper.createObjectNode();
          ArrayNode tuples = out.putArray("tuples");
          for (IndexedTuple tuple : page.tuples()) {
            tuples.addObject().set("key", answers.tuple(tuple));
          }
          out.put("continuation_token", page.continuationToken());
          return out;
        });
  }

  /** The answer every check sends, rendered without a JSON tree: checks are the hottest path. */
  PreparedRead check(byte[] json, boolean nativeShape) {
    CheckBody body = bodies.bind(json, CheckBody.class);
    CheckRequest request = body.request(bodies);
    if (body.wantsExplanation()) {
      return explained(body, request, nativeShape);
    }
    return prepared(
        body,
        ReadExecutor.Cost.CHECK,
        forUsers(List.of(request.user())),
        (context, state, caller) -> {
          boolean allowed = context.queries().check(context.model(), context.tuples(), request);
          long revision = state.revision();
          decisions.record(state.id(), caller, request, allowed, revision);
          String answer =
              "{\"allowed\":"
                  + allowed
                  + ",\"resolution\":\"\""
                  + (nativeShape
                      ? ",\"revision\":\"" + RevisionToken.of(revision, context.others()) + "\"}"
                      : "}");
          return ApiResult.rendered(answer, revision);
        });
  }

  /**
   * A check with its explanation: the steps of its evaluation, each stored tuple on them with the
   * change that wrote it (read from the journal: {@link Provenance}).
   */
  private PreparedRead explained(CheckBody body, CheckRequest request, boolean nativeShape) {
    Freshness freshness = body.freshness();
    return new PreparedRead(
        Scope.READ,
        freshness.consistency(),
        freshness.minRevision(),
        body.asOf(),
        (state, caller) ->
            forUsers(List.of(request.user()))
                .ask(state, freshness)
                .thenCompose(
                    foreign ->
                        reads
                            .run(
                                state,
                                foreign,
                                body.modelId(),
                                ReadExecutor.Cost.LONGER,
                                context ->
                                    context
                                        .queries()
                                        .explain(
                                            context.model(),
                                            context.tuples(),
                                            request,
                                            MAX_EXPLAINED_STEPS))
                            .thenCompose(
                                explanation ->
                                    provenance
                                        .lastWrites(
                                            state.id(),
                                            storedKeys(explanation, state),
                                            state.revision())
                                        .thenApply(
                                            written -> {
                                              ObjectNode out =
                                                  mapper
                                                      .createObjectNode()
                                                      .put("allowed", explanation.allowed())
                                                      .put("resolution", "");
                                              if (nativeShape) {
                                                out.put(
                                                    "revision",
                                                    RevisionToken.of(
                                                        state.revision(), foreign.revisions()));
                                              }
                                              out.set(
                                                  "explanation",
                                                  explanations.explanation(
                                                      explanation, written, state));
                                              return ApiResult.ok(out, state.revision());
                                            }))));
  }

  /** The keys of the stored tuples on the explanation's steps (contextual ones have no history). */
  private static Set<String> storedKeys(Explanation explanation, OrganizationState state) {
    Set<String> keys = new HashSet<>();
    if (explanation.root() != null) {
      collectStored(explanation.root(), state, keys);
    }
    return keys;
  }

  private static void collectStored(
      Explanation.Step step, OrganizationState state, Set<String> keys) {
    if (step.tuple() != null && state.tuples().contains(step.tuple())) {
      keys.add(JournaledTuple.of(step.tuple()).key());
    }
    step.children().forEach(child -> collectStored(child, state, keys));
  }

  PreparedRead batchCheck(byte[] json, boolean nativeShape) {
    BatchCheckBody body = bodies.bind(json, BatchCheckBody.class);
    Map<String, CheckRequest> requests = body.requests(bodies);
    return prepared(
        body,
        ReadExecutor.Cost.CHECK,
        forUsers(requests.values().stream().map(CheckRequest::user).distinct().toList()),
        (context, state, caller) -> {
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
                      decisions.record(
                          state.id(),
                          caller,
                          requests.get(answer.correlationId()),
                          answer.allowed(),
                          state.revision());
                    } else {
                      item.put("allowed", false);
                      item.putObject("error")
                          .put("input_error", answer.error().code().label)
                          .put("message", answer.error().getMessage());
                    }
                  });
          if (nativeShape) {
            out.put("revision", RevisionToken.of(state.revision(), context.others()));
          }
          return ApiResult.ok(out, state.revision());
        });
  }

  PreparedRead expand(byte[] json, boolean nativeShape) {
    ExpandBody body = bodies.bind(json, ExpandBody.class);
    String object = body.object();
    String relation = body.relation();
    List<TupleKey> contextual = body.contextual(bodies);
    return query(
        body,
        nativeShape,
        ReadExecutor.Cost.LONGER,
        Following.NOTHING,
        context -> {
          ObjectNode out = mapper.createObjectNode();
          out.putObject("tree")
              .set(
                  "root",
                  answers.expandTree(
                      context
                          .queries()
                          .expand(
                              context.model(), context.tuples(), object, relation, contextual)));
          return out;
        });
  }

  PreparedRead listObjects(byte[] json, boolean nativeShape) {
    ListObjectsBody body = bodies.bind(json, ListObjectsBody.class);
    ListObjectsRequest request = body.request(bodies);
    return listing(
        body,
        nativeShape,
        "objects",
        forUsers(List.of(request.user())),
        context -> context.queries().listObjects(context.model(), context.tuples(), request),
        ArrayNode::add);
  }

  PreparedRead listUsers(byte[] json, boolean nativeShape) {
    ListUsersBody body = bodies.bind(json, ListUsersBody.class);
    ListUsersRequest request = body.request(bodies);
    return listing(
        body,
        nativeShape,
        "users",
        forFilter(request.filters()),
        context -> context.queries().listUsers(context.model(), context.tuples(), request),
        answers::addUser);
  }

  /** A read whose answer is one array, {@code field}, of what {@code items} lists. */
  private <T> PreparedRead listing(
      ReadOptions body,
      boolean nativeShape,
      String field,
      Following following,
      Function<ReadExecutor.ReadContext, List<T>> items,
      BiConsumer<ArrayNode, T> add) {
    return query(
        body,
        nativeShape,
        ReadExecutor.Cost.LONGER,
        following,
        context -> {
          ObjectNode out = mapper.createObjectNode();
          ArrayNode array = out.putArray(field);
          items.apply(context).forEach(item -> add.accept(array, item));
          return out;
        });
  }

  /** Runs a read at the requested freshness and adds the revision it answered at (native API). */
  private PreparedRead query(
      ReadOptions options,
      boolean nativeShape,
      ReadExecutor.Cost cost,
      Following following,
      Function<ReadExecutor.ReadContext, ObjectNode> evaluation) {
    return prepared(
        options,
        cost,
        following,
        (context, state, caller) -> {
          ObjectNode out = evaluation.apply(context);
          if (nativeShape) {
            out.put("revision", RevisionToken.of(state.revision(), context.others()));
          }
          return ApiResult.ok(out, state.revision());
        });
  }

  /** A read of the state found for it, answered with the revision of that state. */
  private PreparedRead prepared(
      ReadOptions options, ReadExecutor.Cost cost, Following following, Evaluation answer) {
    Freshness freshness = options.freshness();
    String modelId = options.modelId();
    return new PreparedRead(
        Scope.READ,
        freshness.consistency(),
        freshness.minRevision(),
        options.asOf(),
        (state, caller) -> {
          if (state.foreignSets().isEmpty()) { // most organizations: nothing to ask, no hop
            return reads.run(
                state, modelId, cost, context -> answer.answer(context, state, caller));
          }
          return following
              .ask(state, freshness)
              .thenCompose(
                  foreign ->
                      reads.run(
                          state,
                          foreign,
                          modelId,
                          cost,
                          context -> answer.answer(context, state, caller)));
        });
  }

  /**
   * What a read asks the other organizations whose sets its organization's tuples name (see {@link
   * CrossOrganizationReads}).
   */
  @FunctionalInterface
  private interface Following {
    Following NOTHING = (state, freshness) -> CompletableFuture.completedFuture(ForeignTuples.NONE);

    CompletionStage<ForeignTuples> ask(OrganizationState state, Freshness freshness);
  }

  /** Asks which of {@code users} belong to the shared sets. */
  private Following forUsers(List<String> users) {
    return (state, freshness) ->
        crossOrganization.forUsers(state, users, List.of(), 0, freshness.others());
  }

  /** Asks who, of the list's filter, belongs to the shared sets. */
  private Following forFilter(List<ListUsersRequest.UserFilter> filters) {
    if (filters.size() != 1) {
      return Following.NOTHING; // refused by the engine
    }
    ListUsersRequest.UserFilter filter = filters.get(0);
    String text =
        filter.relation() == null || filter.relation().isEmpty()
            ? filter.type()
            : filter.type() + "#" + filter.relation();
    return (state, freshness) ->
        crossOrganization.forFilter(state, text, List.of(), 0, freshness.others());
  }

  /** A read's answer, from the engine's context on the state found, for the caller. */
  @FunctionalInterface
  private interface Evaluation {
    ApiResult answer(ReadExecutor.ReadContext context, OrganizationState state, Caller caller);
  }
}
