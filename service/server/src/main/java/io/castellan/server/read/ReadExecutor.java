package io.castellan.server.read;

import io.castellan.engine.model.CompiledModel;
import io.castellan.engine.query.Queries;
import io.castellan.engine.store.OverlayTupleReader;
import io.castellan.engine.store.TupleReader;
import io.castellan.server.organization.ModelVersion;
import io.castellan.server.organization.OrganizationError;
import io.castellan.server.organization.OrganizationState;
import io.castellan.server.service.ServiceException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Runs engine queries on an organization's immutable state: never on the entity, never touching
 * Cassandra, on as many threads as there are cores. Checks run on the calling (HTTP) thread, since
 * a hop to another pool costs more than a check; longer queries (lists, expand, read) run on their
 * own dispatcher.
 */
public final class ReadExecutor {

  private final Queries queries;
  private final Executor executor;

  public ReadExecutor(Queries queries, Executor executor) {
    this.queries = queries;
    this.executor = executor;
  }

  /**
   * What a query sees: the engine, the model version asked for, and the tuples, with those that put
   * the query's users in other organizations' sets ({@link ForeignTuples}); {@code others}: the
   * revisions of those organizations.
   */
  public record ReadContext(
      Queries queries, CompiledModel model, TupleReader tuples, Map<String, Long> others) {}

  /**
   * How long a query may take: microseconds (checks) or up to milliseconds (lists, expand, read).
   */
  public enum Cost {
    CHECK,
    LONGER
  }

  /** Evaluates {@code query} against {@code modelId} (null: the latest model) in {@code state}. */
  public <T> CompletionStage<T> run(
      OrganizationState state, String modelId, Cost cost, Function<ReadContext, T> query) {
    return run(state, ForeignTuples.NONE, modelId, cost, query);
  }

  /** {@link #run}, with the tuples found in other organizations for the query. */
  public <T> CompletionStage<T> run(
      OrganizationState state,
      ForeignTuples foreign,
      String modelId,
      Cost cost,
      Function<ReadContext, T> query) {
    CompiledModel model = model(state, modelId);
    ReadContext context =
        new ReadContext(
            queries,
            model,
            OverlayTupleReader.of(state.tuples(), foreign.tuples()),
            foreign.revisions());
    if (cost == Cost.CHECK) {
      try {
        return CompletableFuture.completedFuture(query.apply(context));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return CompletableFuture.supplyAsync(() -> query.apply(context), executor);
  }

  /** The model a request names, or the latest one; a coded error when there is none. */
  public static CompiledModel model(OrganizationState state, String modelId) {
    ModelVersion version = state.modelOrLatest(modelId);
    if (version == null) {
      throw new ServiceException(OrganizationError.modelNotFound(modelId));
    }
    return version.compiled();
  }
}
