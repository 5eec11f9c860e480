package io.castellan.server.http;

import io.castellan.protocol.Consistency;
import io.castellan.protocol.ErrorCode;
import io.castellan.server.async.Failures;
import io.castellan.server.forwarding.HostCache;
import io.castellan.server.forwarding.HostMissed;
import io.castellan.server.forwarding.ReadForwarder;
import io.castellan.server.forwarding.ReadOperation;
import io.castellan.server.history.HistoricalStates;
import io.castellan.server.http.request.DirectoryQuery;
import io.castellan.server.http.request.ExportBody;
import io.castellan.server.http.request.MembershipQuery;
import io.castellan.server.http.request.ModelIdBody;
import io.castellan.server.http.request.ModelPageBody;
import io.castellan.server.http.request.RequestBodies;
import io.castellan.server.organization.AccessPolicy;
import io.castellan.server.organization.Caller;
import io.castellan.server.organization.OrganizationError;
import io.castellan.server.organization.OrganizationState;
import io.castellan.server.read.Followers;
import io.castellan.server.service.OrganizationService;
import io.castellan.server.service.ServiceException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Answers each read where its organization's state is in memory: on this node when it hosts the
 * organization or follows it (see {@link Followers}: reads with the default consistency, once the
 * follower is fresh enough), otherwise on the node that hosts it, through the {@link
 * ReadForwarder}.
 */
final class ReadRouting {

  // how often a read whose organization is moving asks again where it runs, and the pause that
  // grows with each: 0, 250 and 500 ms, well within the request timeout
  private static final int ASKS_AGAIN = 3;
  private static final Duration MOVE_PAUSE = Duration.ofMillis(250);

  private final OrganizationService organizations;
  private final QueryApi queries;
  private final ModelApi models;
  private final ReadForwarder forwarder;
  private final HostCache hosts;
  private final RequestBodies bodies;
  private final KeyApi keys;
  private final ManagementApi management;
  private final ExportApi export;
  private final CrossOrganizationReads crossOrganization;
  private final AccessPolicy policy;
  private final HistoricalStates history;
  private final Followers followers;

  ReadRouting(
      OrganizationService organizations,
      QueryApi queries,
      ModelApi models,
      KeyApi keys,
      ManagementApi management,
      ExportApi export,
      CrossOrganizationReads crossOrganization,
      ReadForwarder forwarder,
      HostCache hosts,
      RequestBodies bodies,
      AccessPolicy policy,
      HistoricalStates history,
      Followers followers) {
    this.history = history;
    this.followers = followers;
    this.bodies = bodies;
    this.keys = keys;
    this.management = management;
    this.export = export;
    this.crossOrganization = crossOrganization;
    this.policy = policy;
    this.organizations = organizations;
    this.queries = queries;
    this.models = models;
    this.forwarder = forwarder;
    this.hosts = hosts;
  }

  /** A read as it arrived (what is forwarded), with its prepared form (null: not parsed here). */
  private record Call(
      ReadOperation operation,
      String org,
      byte[] body,
      boolean nativeShape,
      Caller caller,
      PreparedRead read) {}

  /**
   * The answer to {@code caller}'s read, decided with the organization's state wherever it is:
   * here, or on the node it is forwarded to (with the caller).
   */
  CompletionStage<ApiResult> answer(
      ReadOperation operation, String org, byte[] body, boolean nativeShape, Caller caller) {
    String host = hosts.hostElsewhere(org);
    OrganizationState followed = followers.state(org, 0);
    if (followed != null && !hosts.hostedHere(org)) {
      // followed here: answered here if fresh enough, also while its host is unknown or gone
      PreparedRead read = prepare(operation, org, body, nativeShape);
      // a refusal is the host's to give: the follower may lack a key or a grant made elsewhere
      if (read.consistency() != Consistency.FULLY_CONSISTENT
          && followed.revision() >= read.minRevision()
          && policy.decide(followed, caller, read.scope()).refusal(org, read.scope()) == null) {
        return evaluateAllowed(read, followed, caller);
      }
      Call call = new Call(operation, org, body, nativeShape, caller, read);
      return host != null ? forwarded(host, call, ASKS_AGAIN) : locateAndAnswer(call, ASKS_AGAIN);
    }
    if (host != null) {
      // known to run elsewhere: not asked again through its entity, and parsed (and a bad read
      // refused, with the same answer) only there
      return forwarded(host, new Call(operation, org, body, nativeShape, caller, null), ASKS_AGAIN);
    }
    Call call =
        new Call(
            operation, org, body, nativeShape, caller, prepare(operation, org, body, nativeShape));
    return locateAndAnswer(call, ASKS_AGAIN);
  }

  private CompletionStage<ApiResult> locateAndAnswer(Call call, int asksLeft) {
    PreparedRead read;
    try { // a read forwarded unparsed that must now be located
      read =
          call.read() != null
              ? call.read()
              : prepare(call.operation(), call.org(), call.body(), call.nativeShape());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return organizations
        .locate(call.org(), read.consistency(), read.minRevision())
        .thenCompose(
            found ->
                found.fold(
                    state -> evaluate(read, state, call.caller()),
                    host -> {
                      hosts.remember(call.org(), host);
                      return forwarded(host, call, asksLeft);
                    }));
  }

  /**
   * The read evaluated on {@code state}, if the organization allows {@code caller} its scope now; a
   * read as of a past moment is evaluated on the organization as it was then.
   */
  CompletionStage<ApiResult> evaluate(PreparedRead read, OrganizationState state, Caller caller) {
    OrganizationError refused =
        policy.decide(state, caller, read.scope()).refusal(state.id(), read.scope());
    if (refused != null) {
      return CompletableFuture.failedFuture(new ServiceException(refused));
    }
    return evaluateAllowed(read, state, caller);
  }

  /** The read evaluated on {@code state}, for a caller the organization allows its scope. */
  private CompletionStage<ApiResult> evaluateAllowed(
      PreparedRead read, OrganizationState state, Caller caller) {
    if (read.asOf() == null) {
      return read.evaluate(state, caller);
    }
    Long revision = read.asOf().revision();
    CompletionStage<OrganizationState> then;
    if (revision == null) {
      then = history.atTime(state.id(), read.asOf().time());
    } else if (revision == state.revision()) { // the state at hand is the one asked for
      then = history.keep(state);
    } else {
      then = history.atRevision(state.id(), revision);
    }
    return then.thenCompose(
        past ->
            past.isActive()
                ? read.evaluate(past, caller)
                : CompletableFuture.failedFuture(
                    new ServiceException(
                        ErrorCode.INVALID_REVISION,
                        "organization '"
                            + state.id()
                            + "' did not exist then (revision "
                            + past.revision()
                            + ")")));
  }

  /**
   * The answer of the node named as host. If that node is gone or no longer hosts the organization,
   * the organization is asked where it runs now (it may be here by then) and the read goes there:
   * up to {@code asksLeft} times, the later ones after a pause, since an organization that has just
   * left a node stopping may not have started on the next one yet.
   */
  private CompletionStage<ApiResult> forwarded(String host, Call call, int asksLeft) {
    followers.forwarded(call.org());
    return forwarder
        .forward(host, call.operation(), call.org(), call.body(), call.nativeShape(), call.caller())
        .handle(
            (answer, failure) -> {
              if (failure == null) {
                if (answer.status() == 404) { // deleted: nothing to remember
                  hosts.forget(call.org(), host);
                }
                return CompletableFuture.completedStage(ApiResult.of(answer));
              }
              hosts.forget(call.org(), host);
              if (asksLeft > 0 && Failures.cause(failure) instanceof HostMissed) {
                if (asksLeft == ASKS_AGAIN) { // the first time at once: mostly a stale cache
                  return locateAndAnswer(call, asksLeft - 1);
                }
                Executor later =
                    CompletableFuture.delayedExecutor(
                        MOVE_PAUSE.toMillis() * (ASKS_AGAIN - asksLeft), TimeUnit.MILLISECONDS);
                return CompletableFuture.supplyAsync(() -> call, later)
                    .thenCompose(again -> locateAndAnswer(again, asksLeft - 1));
              }
              return CompletableFuture.<ApiResult>failedStage(failure);
            })
        .thenCompose(Function.identity());
  }

  /** The read parsed and validated, to run wherever the organization's state is. */
  PreparedRead prepare(ReadOperation operation, String org, byte[] body, boolean nativeShape) {
    return switch (operation) {
      case READ -> queries.read(org, body, nativeShape);
      case CHECK -> queries.check(body, nativeShape);
      case BATCH_CHECK -> queries.batchCheck(body, nativeShape);
      case EXPAND -> queries.expand(body, nativeShape);
      case LIST_OBJECTS -> queries.listObjects(body, nativeShape);
      case LIST_USERS -> queries.listUsers(body, nativeShape);
      case READ_MODELS -> models.readModels(org, bodies.bind(body, ModelPageBody.class));
      case READ_MODEL -> models.readModel(bodies.bind(body, ModelIdBody.class).modelId());
      case LIST_KEYS -> keys.list();
      case DIRECTORY -> management.read(bodies.bind(body, DirectoryQuery.class));
      case EXPORT -> export.page(bodies.bindStrictly(body, ExportBody.class, ExportBody.FIELDS));
      case MEMBERSHIP -> crossOrganization.membership(bodies.bind(body, MembershipQuery.class));
    };
  }
}
