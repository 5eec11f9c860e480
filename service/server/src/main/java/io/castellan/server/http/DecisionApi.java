package io.castellan.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.protocol.ContinuationToken;
import io.castellan.protocol.ErrorCode;
import io.castellan.protocol.RevisionToken;
import io.castellan.protocol.Scope;
import io.castellan.server.async.Failures;
import io.castellan.server.decisions.Decision;
import io.castellan.server.decisions.DecisionLog;
import io.castellan.server.decisions.DecisionLogPolicy;
import io.castellan.server.decisions.DecisionStore;
import io.castellan.server.http.request.BadRequest;
import io.castellan.server.http.request.DecisionLogBody;
import io.castellan.server.http.request.RequestBodies;
import io.castellan.server.organization.Caller;
import io.castellan.server.organization.RequestInfo;
import io.castellan.server.service.OrganizationService;
import io.castellan.server.service.ServiceException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The decision log over HTTP: an organization's mode ({@code GET}: the {@code audit} scope; {@code
 * PUT}: {@code admin}), and its decisions through the audit endpoint with {@code kind=decisions}
 * ({@code audit}): between {@code from} and {@code to} (RFC 3339 times; by default the last 24
 * hours), filtered by {@code object} (or {@code type:}), {@code relation}, {@code user}, {@code
 * actor} and {@code allowed}; pages with a cursor, or NDJSON.
 */
final class DecisionApi {

  static final Duration DEFAULT_RANGE = Duration.ofHours(24);

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private final OrganizationService organizations;
  private final DecisionLog log;
  private final ObjectMapper mapper;
  private final RequestBodies bodies;

  DecisionApi(
      OrganizationService organizations,
      DecisionLog log,
      ObjectMapper mapper,
      RequestBodies bodies) {
    this.organizations = organizations;
    this.log = log;
    this.mapper = mapper;
    this.bodies = bodies;
  }

  CompletionStage<ApiResult> policy(String org, Caller caller) {
    return organizations
        .summary(org, caller, Scope.AUDIT)
        .thenCompose(summary -> stored(log.policy(org), ErrorCode.UNAVAILABLE))
        .thenApply(policy -> ApiResult.ok(json(policy), -1));
  }

  CompletionStage<ApiResult> setPolicy(String org, RequestInfo request, byte[] body) {
    DecisionLogPolicy policy =
        bodies.bindStrictly(body, DecisionLogBody.class, DecisionLogBody.FIELDS).policy();
    return organizations
        .summary(org, request.caller(), Scope.ADMIN)
        .thenCompose(summary -> stored(log.setPolicy(org, policy), ErrorCode.OUTCOME_UNKNOWN))
        .thenApply(set -> ApiResult.ok(json(set), -1));
  }

  /**
   * A call to the decision log's tables whose failure (Cassandra down or slow) is answered with
   * {@code code}: a read is unavailable; a write may or may not have been stored (setting the mode
   * again is harmless).
   */
  private static <T> CompletionStage<T> stored(CompletionStage<T> call, ErrorCode code) {
    return call.handle(
            (value, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(value);
              }
              return CompletableFuture.<T>failedFuture(
                  new ServiceException(
                      code,
                      "the decision log's table did not answer ("
                          + Failures.cause(failure).getMessage()
                          + ")"
                          + (code == ErrorCode.OUTCOME_UNKNOWN
                              ? ": the mode may or may not be set; set it again"
                              : "; retry")));
            })
        .thenCompose(Function.identity());
  }

  private ObjectNode json(DecisionLogPolicy policy) {
    ObjectNode out = mapper.createObjectNode().put("mode", policy.mode().label());
    if (policy.sampleRate() > 0) {
      out.put("sample_rate", policy.sampleRate());
    }
    return out;
  }

  /** A page of decisions; its continuation token continues the same query. */
  CompletionStage<ApiResult> page(String org, Caller caller, Map<String, String> parameters) {
    String bound = ContinuationToken.query(new Query(parameters, log.retention()).parts(org));
    String position = ContinuationToken.position(parameters.get("continuation_token"), bound);
    // a continued query keeps the range its first page resolved (a default 'to' is "now")
    Query query =
        position == null ? new Query(parameters, log.retention()) : resumed(parameters, position);
    DecisionStore.Position after = position == null ? query.start() : parse(position);
    int size = JsonRoutes.boundedPageSize(pageSize(parameters.get("page_size")));
    return organizations
        .summary(org, caller, Scope.AUDIT)
        .thenCompose(
            summary ->
                stored(
                    log.read(org, after, query.from(), query.to())
                        .filter(found -> query.wants(found.decision()))
                        .take(size + 1L)
                        .runWith(Sink.seq(), log.system()),
                    ErrorCode.UNAVAILABLE))
        .thenApply(
            found -> {
              ObjectNode out = mapper.createObjectNode();
              ArrayNode decisions = out.putArray("decisions");
              found.stream().limit(size).forEach(item -> decisions.add(json(item.decision())));
              out.put(
                  "continuation_token",
                  found.size() <= size
                      ? ""
                      : ContinuationToken.encode(
                          bound, format(found.get(size - 1).position(), query)));
              return ApiResult.ok(out, -1);
            });
  }

  /** Every decision the query wants, one JSON object per line. */
  CompletionStage<Source<ByteString, NotUsed>> stream(
      String org, Caller caller, Map<String, String> parameters) {
    Query query = new Query(parameters, log.retention());
    return organizations
        .summary(org, caller, Scope.AUDIT)
        .thenApply(
            summary ->
                log.read(org, query.start(), query.from(), query.to())
                    .filter(found -> query.wants(found.decision()))
                    .map(found -> ByteString.fromString(line(found.decision()))));
  }

  private String line(Decision decision) {
    try {
      return mapper.writeValueAsString(json(decision)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private ObjectNode json(Decision decision) {
    ObjectNode out =
        mapper
            .createObjectNode()
            .put("kind", "decision")
            .put("time", decision.time().toString())
            .put("object", decision.object())
            .put("relation", decision.relation())
            .put("user", decision.user())
            .put("allowed", decision.allowed())
            .put("revision", RevisionToken.of(decision.revision()))
            .put("actor", decision.actor());
    if (!decision.context().isEmpty()) {
      out.set("context", mapper.valueToTree(decision.context()));
    }
    return out;
  }

  private static int pageSize(String text) {
    return text == null ? 0 : JsonRoutes.pageSize(text);
  }

  /** A page's end, and the range its query resolved: {@code at/id/index/from/to}. */
  private static String format(DecisionStore.Position position, Query query) {
    return position.at().toEpochMilli()
        + "/"
        + position.id()
        + "/"
        + position.index()
        + "/"
        + query.from().toEpochMilli()
        + "/"
        + query.to().toEpochMilli();
  }

  private static DecisionStore.Position parse(String position) {
    String[] parts = parts(position);
    return new DecisionStore.Position(
        Instant.ofEpochMilli(Long.parseLong(parts[0])),
        UUID.fromString(parts[1]),
        Integer.parseInt(parts[2]));
  }

  private Query resumed(Map<String, String> parameters, String position) {
    String[] parts = parts(position);
    Map<String, String> range = new HashMap<>(parameters);
    range.put("from", Instant.ofEpochMilli(Long.parseLong(parts[3])).toString());
    range.put("to", Instant.ofEpochMilli(Long.parseLong(parts[4])).toString());
    return new Query(range, log.retention());
  }

  /** A position's parts; one that is not ours (the token's hash is no secret) is refused. */
  private static String[] parts(String position) {
    String[] parts = position.split("/", 5);
    try {
      if (parts.length != 5) {
        throw new IllegalArgumentException(position);
      }
      Long.parseLong(parts[0]);
      UUID.fromString(parts[1]);
      Integer.parseInt(parts[2]);
      Long.parseLong(parts[3]);
      Long.parseLong(parts[4]);
      return parts;
    } catch (IllegalArgumentException e) {
      throw new ServiceException(
          ErrorCode.INVALID_CONTINUATION_TOKEN, "invalid continuation token");
    }
  }

  /** The query parameters of a decision query. */
  private static final class Query {
    private final Map<String, String> parameters;
    private final Instant from;
    private final Instant to;
    private final String object;
    private final String relation;
    private final String user;
    private final String actor;
    private final String allowed;
    private final Predicate<Decision> wants;

    /** Decisions older than {@code retention} have expired: the range starts no earlier. */
    Query(Map<String, String> parameters, Duration retention) {
      this.parameters = parameters;
      Instant now = Instant.now();
      Instant requestedTo = time(parameters.get("to"), "to", now);
      Instant requestedFrom =
          time(parameters.get("from"), "from", requestedTo.minus(DEFAULT_RANGE));
      if (requestedFrom.isAfter(requestedTo)) {
        throw new BadRequest("'from' must not be after 'to'");
      }
      Instant earliest = now.minus(retention);
      this.to = requestedTo.isAfter(now) ? now : requestedTo;
      this.from = requestedFrom.isBefore(earliest) ? earliest : requestedFrom;
      this.object = parameters.get("object");
      this.relation = parameters.get("relation");
      this.user = parameters.get("user");
      this.actor = parameters.get("actor");
      this.allowed = parameters.get("allowed");
      if (allowed != null && !allowed.equals("true") && !allowed.equals("false")) {
        throw new BadRequest("'allowed' is true or false");
      }
      this.wants =
          decision ->
              (object == null
                      || (object.endsWith(":")
                          ? decision.object().startsWith(object)
                          : decision.object().equals(object)))
                  && (relation == null || relation.equals(decision.relation()))
                  && (user == null || user.equals(decision.user()))
                  && (actor == null || actor.equals(decision.actor()))
                  && (allowed == null || Boolean.parseBoolean(allowed) == decision.allowed());
    }

    boolean wants(Decision decision) {
      return wants.test(decision);
    }

    DecisionStore.Position start() {
      return DecisionStore.Position.before(from);
    }

    Instant from() {
      return from;
    }

    Instant to() {
      return to;
    }

    String[] parts(String org) {
      return new String[] {
        "decisions",
        org,
        parameters.get("from"),
        parameters.get("to"),
        object,
        relation,
        user,
        actor,
        allowed
      };
    }

    private static Instant time(String text, String name, Instant otherwise) {
      if (text == null || text.isEmpty()) {
        return otherwise;
      }
      try {
        Instant time = Instant.parse(text);
        if (time.isBefore(Instant.EPOCH) || time.isAfter(LATEST)) {
          throw new BadRequest("'" + name + "' must be between 1970 and 9999");
        }
        return time;
      } catch (DateTimeParseException e) {
        throw new BadRequest(
            "'" + name + "' of a decision query is an RFC 3339 time such as 2026-12-01T09:00:00Z");
      }
    }
  }
}
