package io.castellan.engine.conformance;

import io.castellan.engine.EngineException;
import io.castellan.engine.model.CompiledModel;
import io.castellan.engine.model.ModelLoader;
import io.castellan.engine.query.CheckRequest;
import io.castellan.engine.query.ListObjectsRequest;
import io.castellan.engine.query.ListUsersRequest;
import io.castellan.engine.query.Queries;
import io.castellan.engine.query.QueryOptions;
import io.castellan.engine.query.TupleKey;
import io.castellan.engine.query.TupleValidator;
import io.castellan.engine.query.UserRef;
import io.castellan.engine.store.TupleStore;
import io.castellan.protocol.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** The engine itself as the system under test: one model and one tuple store per case. */
final class EngineConformanceTarget implements ConformanceTarget {

  private final Queries queries = new Queries(QueryOptions.DEFAULTS);
  private CompiledModel model;
  private TupleStore store;

  @Override
  public void newStore() {
    model = null;
    store = TupleStore.EMPTY;
  }

  @Override
  public void writeModel(String dsl) {
    model = ModelLoader.fromDsl(dsl);
  }

  @Override
  public void writeTuples(List<TupleKey> tuples) {
    store =
        store.apply(
            List.of(), TupleValidator.validateAll(model, tuples, ErrorCode.VALIDATION_ERROR));
  }

  @Override
  public boolean check(
      TupleKey tuple, List<TupleKey> contextualTuples, Map<String, Object> context) {
    CheckRequest request =
        new CheckRequest(tuple.object(), tuple.relation(), tuple.user(), contextualTuples, context);
    boolean allowed = queries.check(model, store, request);
    // every conformance check also checks that an explanation reaches the same answer
    if (queries.explain(model, store, request, 50).allowed() != allowed) {
      throw new AssertionError("the explanation of " + tuple + " disagrees with the check");
    }
    return allowed;
  }

  @Override
  public List<String> listObjects(
      String user,
      String type,
      String relation,
      List<TupleKey> contextualTuples,
      Map<String, Object> context) {
    return queries.listObjects(
        model, store, new ListObjectsRequest(type, relation, user, contextualTuples, context));
  }

  @Override
  public List<String> listUsers(
      String object,
      String relation,
      String filter,
      List<TupleKey> contextualTuples,
      Map<String, Object> context) {
    int hash = filter.indexOf('#');
    ListUsersRequest.UserFilter userFilter =
        hash < 0
            ? new ListUsersRequest.UserFilter(filter, null)
            : new ListUsersRequest.UserFilter(
                filter.substring(0, hash), filter.substring(hash + 1));
    return queries
        .listUsers(
            model,
            store,
            new ListUsersRequest(object, relation, List.of(userFilter), contextualTuples, context))
        .stream()
        .map(UserRef::toString)
        .toList();
  }

  @Override
  public OptionalInt errorCode(RuntimeException failure) {
    return failure instanceof EngineException e
        ? OptionalInt.of(e.code().code)
        : OptionalInt.empty();
  }
}
