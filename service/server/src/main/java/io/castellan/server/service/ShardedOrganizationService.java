package io.castellan.server.service;

import io.castellan.protocol.Consistency;
import io.castellan.server.organization.Organization;
import io.castellan.server.organization.OrganizationCommand;
import io.castellan.server.organization.OrganizationCommand.ModelWriteResult;
import io.castellan.server.organization.OrganizationCommand.Summary;
import io.castellan.server.organization.OrganizationCommand.WriteTuples;
import io.castellan.server.organization.OrganizationError;
import io.castellan.server.organization.OrganizationState;
import io.castellan.server.organization.RequestInfo;
import io.castellan.server.organization.SnapshotRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * The service over Cluster Sharding: changes are asked of the organization entity wherever it
 * lives; reads come from this node's {@link SnapshotRegistry}. An organization not yet in memory
 * here is woken with a summary request, which also tells whether it exists and, when it runs on
 * another node, where ({@link OrganizationElsewhere}); that answer is remembered until a read
 * forwarded there fails.
 */
public final class ShardedOrganizationService implements OrganizationService {

  private final ClusterSharding sharding;
  private final SnapshotRegistry registry;
  private final Duration askTimeout;
  private final Duration freshnessWait;
  private final java.util.concurrent.Executor replies;
  private final String self;
  // where organizations hosted elsewhere run, as their summaries said: their reads are forwarded
  // there without asking the entity (through its mailbox) each time; null: not used
  private final Map<String, String> hosts;

  /**
   * {@code replies}: where work continues after an entity answers (never the entity's own thread);
   * {@code self}: this node's address.
   */
  public ShardedOrganizationService(ClusterSharding sharding, SnapshotRegistry registry, Duration askTimeout,
      Duration freshnessWait, java.util.concurrent.Executor replies, String self) {
    this(sharding, registry, askTimeout, freshnessWait, replies, self, new ConcurrentHashMap<>());
  }

  private ShardedOrganizationService(ClusterSharding sharding, SnapshotRegistry registry, Duration askTimeout,
      Duration freshnessWait, java.util.concurrent.Executor replies, String self, Map<String, String> hosts) {
    this.sharding = sharding;
    this.replies = replies;
    this.registry = registry;
    this.askTimeout = askTimeout;
    this.freshnessWait = freshnessWait;
    this.self = self;
    this.hosts = hosts;
  }

  @Override
  public OrganizationService withoutHostCache() {
    return new ShardedOrganizationService(sharding, registry, askTimeout, freshnessWait, replies, self, null);
  }

  private EntityRef<OrganizationCommand> organization(String organizationId) {
    return sharding.entityRefFor(Organization.ENTITY_KEY, organizationId);
  }

  @Override
  public CompletionStage<Summary> create(String organizationId, String name, RequestInfo request) {
    return ask(organization(organizationId).askWithStatus(
        replyTo -> new OrganizationCommand.Create(name, request, replyTo), askTimeout));
  }

  @Override
  public CompletionStage<Summary> delete(String organizationId, RequestInfo request) {
    return ask(organization(organizationId).askWithStatus(
        replyTo -> new OrganizationCommand.Delete(request, replyTo), askTimeout));
  }

  @Override
  public CompletionStage<Summary> summary(String organizationId) {
    return ask(organization(organizationId).ask(OrganizationCommand.GetSummary::new, askTimeout))
        .thenApply(summary -> {
          if (summary.status() != OrganizationState.Status.ACTIVE) {
            throw notFound(organizationId);
          }
          return summary;
        });
  }

  @Override
  public CompletionStage<ModelWriteResult> writeModel(String organizationId, String modelJson, RequestInfo request) {
    return ask(organization(organizationId).askWithStatus(
        replyTo -> new OrganizationCommand.WriteModel(modelJson, request, replyTo), askTimeout));
  }

  @Override
  public CompletionStage<Long> writeTuples(
      String organizationId, Function<ActorRef<StatusReply<Long>>, WriteTuples> write) {
    return ask(organization(organizationId).askWithStatus(write::apply, askTimeout));
  }

  @Override
  public CompletionStage<OrganizationState> state(String organizationId, Consistency consistency, long minRevision) {
    OrganizationState current = registry.current(organizationId);
    if (current != null) {
      if (hosts != null && hosts.get(organizationId) != null) {
        hosts.remove(organizationId); // it runs here now
      }
      if (consistency != Consistency.FULLY_CONSISTENT && current.revision() >= minRevision) {
        return active(organizationId, current);
      }
    }
    // the summary goes through the entity's mailbox: it wakes the entity and names its newest revision
    return summary(organizationId).thenCompose(summary -> {
      if (minRevision > summary.revision()) {
        throw new ServiceException("invalid_revision", "revision " + minRevision + " is newer than organization '"
            + organizationId + "' has (" + summary.revision() + "): use a token a write returned");
      }
      if (registry.current(organizationId) == null) {
        // an entity on this node publishes before it answers anything: this one lives elsewhere
        if (hosts != null && summary.host() != null && !summary.host().equals(self)) {
          hosts.put(organizationId, summary.host());
        }
        throw new OrganizationElsewhere(organizationId, summary.host());
      }
      long wanted = consistency == Consistency.FULLY_CONSISTENT ? summary.revision() : minRevision;
      return awaitRevision(organizationId, wanted);
    });
  }

  @Override
  public String hostElsewhere(String organizationId) {
    String host = hosts == null ? null : hosts.get(organizationId);
    return host != null && registry.current(organizationId) == null ? host : null;
  }

  @Override
  public void forgetHost(String organizationId, String host) {
    if (hosts != null && host != null) {
      hosts.remove(organizationId, host);
    }
  }

  private CompletionStage<OrganizationState> awaitRevision(String organizationId, long revision) {
    return registry.awaitRevision(organizationId, revision, freshnessWait)
        .handle((state, failure) -> {
          if (failure == null) {
            return state;
          }
          Throwable cause = Failures.cause(failure);
          if (cause instanceof TimeoutException) {
            throw new ServiceException("revision_not_available", "revision " + revision
                + " of organization '" + organizationId + "' was not applied on this node within " + freshnessWait.toMillis() + " ms");
          }
          throw new CompletionException(cause);
        })
        .thenCompose(state -> active(organizationId, state));
  }

  private CompletionStage<OrganizationState> active(String organizationId, OrganizationState state) {
    if (!state.isActive()) {
      return CompletableFuture.failedFuture(notFound(organizationId));
    }
    return CompletableFuture.completedFuture(state);
  }

  private static ServiceException notFound(String organizationId) {
    return new ServiceException(OrganizationError.NOT_FOUND, "organization '" + organizationId + "' not found");
  }

  /**
   * Maps entity refusals ({@code StatusReply} errors) and ask timeouts to service exceptions.
   *
   * <p>Pekko's asks return Scala's CompletableFuture subclass, which runs every continuation
   * asynchronously on the common pool; on a 2-core machine that pool has parallelism 1, so the JDK
   * starts a new thread per continuation. The reply is therefore moved onto a plain future that
   * continues on the actor system's dispatcher.
   */
  private <T> CompletionStage<T> ask(CompletionStage<T> reply) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    reply.whenCompleteAsync(Futures.completing(plain), replies);
    return plain.handle((value, failure) -> {
      if (failure == null) {
        return value;
      }
      Throwable cause = Failures.cause(failure);
      if (cause instanceof StatusReply.ErrorMessage message) {
        throw new ServiceException(OrganizationError.decode(message.getMessage()));
      }
      if (cause instanceof TimeoutException) {
        throw new ServiceException("unavailable", "the organization did not answer in time; try again");
      }
      throw new CompletionException(cause);
    });
  }
}
