package io.castellan.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.engine.EngineException;
import io.castellan.engine.query.CheckRequest;
import io.castellan.engine.query.ListUsersRequest;
import io.castellan.engine.query.TupleKey;
import io.castellan.engine.query.UserRef;
import io.castellan.engine.store.IndexedTuple;
import io.castellan.engine.store.TupleStore;
import io.castellan.protocol.Consistency;
import io.castellan.protocol.ErrorCode;
import io.castellan.protocol.RevisionToken;
import io.castellan.protocol.Scope;
import io.castellan.server.async.Failures;
import io.castellan.server.forwarding.ReadOperation;
import io.castellan.server.http.request.MembershipQuery;
import io.castellan.server.organization.Caller;
import io.castellan.server.organization.ForeignSet;
import io.castellan.server.organization.OrganizationState;
import io.castellan.server.read.ForeignTuples;
import io.castellan.server.read.ReadExecutor;
import io.castellan.server.service.ServiceException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sharing across organizations: a tuple of organization A may name a set of organization B ({@code
 * project:launch#member@team:globex:eng#member}). Before a check, batch check or list in A
 * evaluates, B is asked (on whichever node hosts it, as the node itself) which of the read's users
 * belong to each of its sets A names, or for a list of users, who does; the answers are read as
 * tuples beside A's own ({@code team:globex:eng#member@user:hank}). B answers only for the sets its
 * admins shared with A ({@code team:eng#shared_with@organization:acme}): without B's consent A
 * learns nothing of B. B answers with its own state and follows its own shared sets in turn. A
 * cycle (a set whose answer needs itself) ends there, as a cycle in one organization does; a chain
 * through more than {@link #MAX_ORGANIZATIONS} organizations, more than {@link #MAX_SETS} sets
 * named, or a shared set of more than {@link #MAX_MEMBERS} members to list is refused as too
 * complex. Organizations that name no other's sets pay nothing. Only plain users are asked about: a
 * userset of A means nothing in B.
 */
final class CrossOrganizationReads {

  /** Most organizations one read may cross, itself included. */
  static final int MAX_ORGANIZATIONS = 5;

  /** Most members of one shared set a list of users takes in. */
  static final int MAX_MEMBERS = 1000;

  /** Most other organizations' sets one read follows. */
  static final int MAX_SETS = 1000;

  /** The relation by which an organization shares a set with another. */
  static final String SHARED_WITH = "shared_with";

  private final ObjectMapper mapper;
  private final ReadExecutor reads;
  private ReadRouting routing;

  CrossOrganizationReads(ObjectMapper mapper, ReadExecutor reads) {
    this.mapper = mapper;
    this.reads = reads;
  }

  /** Set once the routing exists (it answers the reads that use this). */
  void answerThrough(ReadRouting routing) {
    this.routing = routing;
  }

  /**
   * The tuples that put {@code users} in the other organizations' sets that {@code state} names.
   */
  CompletionStage<ForeignTuples> forUsers(
      OrganizationState state,
      Collection<String> users,
      List<String> chain,
      int hops,
      Map<String, Long> at) {
    if (state.foreignSets().isEmpty()) {
      return CompletableFuture.completedFuture(ForeignTuples.NONE);
    }
    List<String> plain = users.stream().filter(user -> user.indexOf('#') < 0).distinct().toList();
    if (plain.isEmpty()) {
      return CompletableFuture.completedFuture(ForeignTuples.NONE);
    }
    return ask(state, plain, List.of(), chain, hops, at);
  }

  /**
   * The tuples that put the members of the sets {@code state} names, of {@code filter}, in them.
   */
  CompletionStage<ForeignTuples> forFilter(
      OrganizationState state, String filter, List<String> chain, int hops, Map<String, Long> at) {
    if (state.foreignSets().isEmpty() || filter.indexOf('#') >= 0) {
      return CompletableFuture.completedFuture(ForeignTuples.NONE);
    }
    return ask(state, List.of(), List.of(filter), chain, hops, at);
  }

  private CompletionStage<ForeignTuples> ask(
      OrganizationState state,
      List<String> users,
      List<String> filters,
      List<String> chain,
      int hops,
      Map<String, Long> at) {
    if (state.foreignSets().size() > MAX_SETS) {
      return tooComplex(
          "the organization names more than " + MAX_SETS + " other organizations' sets");
    }
    Map<String, List<ForeignSet>> byOrganization = new TreeMap<>();
    List<String> nextChain = new ArrayList<>(chain);
    for (ForeignSet set : state.foreignSets().keySet()) {
      String key = chainKey(set);
      if (!set.organization().equals(state.id()) && !chain.contains(key)) {
        byOrganization.computeIfAbsent(set.organization(), o -> new ArrayList<>()).add(set);
        nextChain.add(key);
      }
    }
    if (byOrganization.isEmpty()) {
      return CompletableFuture.completedFuture(ForeignTuples.NONE);
    }
    if (hops + 2 > MAX_ORGANIZATIONS) {
      return tooComplex("the answer would cross more than " + MAX_ORGANIZATIONS + " organizations");
    }
    List<CompletableFuture<ForeignTuples>> answers = new ArrayList<>();
    byOrganization.forEach(
        (organization, sets) ->
            answers.add(
                askOne(state.id(), organization, sets, users, filters, nextChain, hops + 1, at)
                    .toCompletableFuture()));
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<IndexedTuple> tuples = new ArrayList<>();
              Map<String, Long> revisions = new HashMap<>();
              for (CompletableFuture<ForeignTuples> answer : answers) {
                ForeignTuples one = answer.join();
                one.tuples().visitAll(tuples::add);
                one.revisions()
                    .forEach((org, revision) -> revisions.merge(org, revision, Math::max));
              }
              return new ForeignTuples(TupleStore.of(tuples), revisions);
            });
  }

  /** A set as the chain names it: {@code globex|team:eng#member}. */
  private static String chainKey(ForeignSet set) {
    return set.organization() + "|" + set.object() + "#" + set.relation();
  }

  private static <T> CompletionStage<T> tooComplex(String why) {
    return CompletableFuture.failedFuture(
        new ServiceException(ErrorCode.RESOLUTION_TOO_COMPLEX, why));
  }

  private CompletionStage<ForeignTuples> askOne(
      String asker,
      String organization,
      List<ForeignSet> sets,
      List<String> users,
      List<String> filters,
      List<String> chain,
      int hops,
      Map<String, Long> at) {
    Map<String, ForeignSet> byLocalName = new HashMap<>();
    for (ForeignSet set : sets) {
      byLocalName.put(set.object() + "#" + set.relation(), set);
    }
    MembershipQuery query =
        new MembershipQuery(
            List.copyOf(byLocalName.keySet()),
            users,
            filters,
            asker,
            chain,
            hops,
            at.getOrDefault(organization, 0L),
            at);
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(query);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    return routing
        .answer(ReadOperation.MEMBERSHIP, organization, body, true, Caller.SYSTEM)
        .handle(
            (result, failure) -> {
              if (failure != null) {
                if (Failures.cause(failure) instanceof ServiceException refused
                    && refused.error().code() == ErrorCode.STORE_ID_NOT_FOUND) {
                  return ForeignTuples.NONE; // an organization that is gone shares nothing
                }
                throw new java.util.concurrent.CompletionException(Failures.cause(failure));
              }
              return tuples(organization, result, byLocalName);
            });
  }

  private ForeignTuples tuples(
      String organization, ApiResult result, Map<String, ForeignSet> byLocalName) {
    JsonNode body = result.body();
    try {
      if (body == null) {
        body = mapper.readTree(result.rendered());
      }
    } catch (IOException e) {
      throw new IllegalStateException("an unreadable answer from " + organization, e);
    }
    if (result.status() == 404) {
      return ForeignTuples.NONE;
    }
    if (result.status() != 200) { // a client's mistake (a token too new, say) is the read's own
      ErrorCode code =
          ErrorCode.ofLabel(body.path("code").asText())
              .filter(refusal -> refusal.httpStatus / 100 == 4)
              .orElse(ErrorCode.UNAVAILABLE);
      throw new ServiceException(
          code,
          code == ErrorCode.UNAVAILABLE
              ? "organization '"
                  + organization
                  + "' could not answer: "
                  + body.path("message").asText()
              : body.path("message").asText());
    }
    List<IndexedTuple> tuples = new ArrayList<>();
    for (JsonNode pair : body.path("members")) {
      ForeignSet set = byLocalName.get(pair.path(0).asText());
      if (set != null) {
        String object = set.type() + ":" + set.organization() + ":" + set.id();
        tuples.add(TupleKey.of(object, set.relation(), pair.path(1).asText()).parse());
      }
    }
    Map<String, Long> revisions = new HashMap<>();
    String token = body.path("revision").asText();
    revisions.put(organization, RevisionToken.parse(token));
    Map<String, Long> theirs = RevisionToken.others(token);
    if (theirs != null) {
      revisions.putAll(theirs);
    }
    return new ForeignTuples(TupleStore.of(tuples), revisions);
  }

  /** The answer to another organization's question, with this organization's state. */
  PreparedRead membership(MembershipQuery query) {
    return new PreparedRead(
        Scope.READ,
        query.minRevision() > 0 ? Consistency.AT_LEAST_AS_FRESH : Consistency.MINIMIZE_LATENCY,
        query.minRevision(),
        null,
        (state, caller) ->
            (query.users().isEmpty()
                    ? forFilter(
                        state, query.filters().get(0), query.chain(), query.hops(), query.others())
                    : forUsers(state, query.users(), query.chain(), query.hops(), query.others()))
                .thenCompose(
                    foreign ->
                        reads.run(
                            state,
                            foreign,
                            null,
                            ReadExecutor.Cost.LONGER,
                            context -> {
                              ObjectNode out = mapper.createObjectNode();
                              ArrayNode members = out.putArray("members");
                              for (String set : query.sets()) {
                                if (sharedWith(state, set, query.asker())) {
                                  for (String member : members(context, set, query)) {
                                    members.addArray().add(set).add(member);
                                  }
                                }
                              }
                              out.put(
                                  "revision", RevisionToken.of(state.revision(), context.others()));
                              return ApiResult.ok(out, state.revision());
                            })));
  }

  /** Whether this organization's admins shared {@code set} with {@code asker}. */
  private static boolean sharedWith(OrganizationState state, String set, String asker) {
    int colon = set.indexOf(':');
    int hash = set.indexOf('#');
    return asker != null
        && colon > 0
        && hash > colon
        && state
                .tuples()
                .find(
                    set.substring(0, colon),
                    set.substring(colon + 1, hash),
                    SHARED_WITH,
                    "organization",
                    asker,
                    null)
            != null;
  }

  /** Who of the query's users (or of its filter) belongs to {@code set}; none if it is unknown. */
  private static List<String> members(
      ReadExecutor.ReadContext context, String set, MembershipQuery query) {
    int hash = set.indexOf('#');
    String object = set.substring(0, hash);
    String relation = set.substring(hash + 1);
    List<String> members = new ArrayList<>();
    if (query.users().isEmpty()) {
      try {
        String filter = query.filters().get(0);
        int filterHash = filter.indexOf('#');
        ListUsersRequest.UserFilter userFilter =
            filterHash < 0
                ? new ListUsersRequest.UserFilter(filter, null)
                : new ListUsersRequest.UserFilter(
                    filter.substring(0, filterHash), filter.substring(filterHash + 1));
        for (UserRef user :
            context
                .queries()
                .listUsers(
                    context.model(),
                    context.tuples(),
                    new ListUsersRequest(object, relation, List.of(userFilter), null, null))) {
          if (members.size() == MAX_MEMBERS) {
            throw new ServiceException(
                ErrorCode.RESOLUTION_TOO_COMPLEX,
                "a shared set has more than " + MAX_MEMBERS + " members to list");
          }
          members.add(user.toString());
        }
      } catch (EngineException e) {
        return List.of(); // a set or user type this organization's model lacks: nobody
      }
      return members;
    }
    for (String user : query.users()) {
      try {
        if (context
            .queries()
            .check(
                context.model(),
                context.tuples(),
                new CheckRequest(object, relation, user, null, null))) {
          members.add(user);
        }
      } catch (EngineException e) {
        // a user of a type this organization's model lacks is in none of its sets
      }
    }
    return members;
  }
}
