package io.castellan.server.query;

import io.castellan.engine.model.CompiledModel;
import io.castellan.engine.query.Queries;
import io.castellan.engine.store.TupleReader;
import io.castellan.server.organization.ModelVersion;
import io.castellan.server.organization.OrganizationError;
import io.castellan.server.organization.OrganizationState;
import io.castellan.server.service.ServiceException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Runs engine queries on an organization's immutable state, on a dispatcher of their own: reads
 * never run on the entity, never touch Cassandra, and scale with cores.
 */
public final class ReadExecutor {

  private final Queries queries;
  private final Executor executor;

  public ReadExecutor(Queries queries, Executor executor) {
    this.queries = queries;
    this.executor = executor;
  }

  /** What a query sees: the engine, the model version asked for, and the tuples. */
  public record ReadContext(Queries queries, CompiledModel model, TupleReader tuples) {}

  /** Evaluates {@code query} against {@code modelId} (null: the latest model) in {@code state}. */
  public <T> CompletionStage<T> run(OrganizationState state, String modelId, Function<ReadContext, T> query) {
    CompiledModel model = model(state, modelId);
    return CompletableFuture.supplyAsync(() -> query.apply(new ReadContext(queries, model, state.tuples())), executor);
  }

  /** The model a request names, or the latest one; a coded error when there is none. */
  public static CompiledModel model(OrganizationState state, String modelId) {
    ModelVersion version = modelId == null ? state.latestModel() : state.model(modelId);
    if (version == null) {
      throw modelId == null
          ? new ServiceException(OrganizationError.LATEST_MODEL_NOT_FOUND, "the organization has no authorization model yet")
          : new ServiceException(OrganizationError.MODEL_NOT_FOUND, "authorization model '" + modelId + "' not found");
    }
    return version.compiled();
  }
}
