package io.castellan.engine.query;

import io.castellan.engine.EngineException;
import io.castellan.engine.model.CompiledModel;
import io.castellan.engine.model.RelationDefinition;
import io.castellan.engine.model.TypeDefinition;
import io.castellan.engine.model.Userset;
import io.castellan.engine.store.IndexedTuple;
import io.castellan.engine.store.OverlayTupleReader;
import io.castellan.engine.store.TupleReader;
import io.castellan.engine.store.TupleStore;
import io.castellan.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The read API of the engine: Check, BatchCheck, Expand, ListObjects, ListUsers and Read against
 * one model version and one immutable tuple snapshot. Stateless and thread-safe.
 */
public final class Queries {

  private final QueryOptions options;

  public Queries(QueryOptions options) {
    this.options = options;
  }

  public boolean check(CompiledModel model, TupleReader tuples, CheckRequest request) {
    Checked checked = checked(model, tuples, request);
    return new CheckResolver(model, checked.reader(), request.context(), options.maxDepth())
        .check(checked.object().type(), checked.object().id(), request.relation(), checked.user());
  }

  /** A check's object, user and tuples (its contextual ones included), validated. */
  private record Checked(ObjectRef object, UserRef user, TupleReader reader) {}

  private Checked checked(CompiledModel model, TupleReader tuples, CheckRequest request) {
    ObjectRef object = ObjectRef.parse(request.object());
    try {
      requireRelation(model, object.type(), request.relation());
    } catch (EngineException e) {
      // OpenFGA reports an unknown type or relation in a Check as a plain validation error
      throw new EngineException(ErrorCode.VALIDATION_ERROR, e.getMessage());
    }
    UserRef user = requireUser(model, request.user());
    return new Checked(
        object, user, withContextualTuples(model, tuples, request.contextualTuples()));
  }

  /**
   * A check with why it answered so (see {@link Explanation}); at most {@code maxSteps} steps are
   * kept.
   */
  public Explanation explain(
      CompiledModel model, TupleReader tuples, CheckRequest request, int maxSteps) {
    Checked checked = checked(model, tuples, request);
    CheckTrace trace = new CheckTrace(maxSteps);
    boolean allowed =
        new CheckResolver(model, checked.reader(), request.context(), options.maxDepth(), trace)
            .check(
                checked.object().type(), checked.object().id(), request.relation(), checked.user());
    return trace.explanation(allowed);
  }

  /** Answers each check on its own: one failing item does not fail the batch. */
  public List<BatchCheckResult> batchCheck(
      CompiledModel model, TupleReader tuples, Map<String, CheckRequest> checksByCorrelationId) {
    List<BatchCheckResult> results = new ArrayList<>(checksByCorrelationId.size());
    checksByCorrelationId.forEach(
        (correlationId, request) -> {
          try {
            results.add(new BatchCheckResult(correlationId, check(model, tuples, request), null));
          } catch (EngineException e) {
            results.add(new BatchCheckResult(correlationId, false, e));
          }
        });
    return results;
  }

  /**
   * Walks backwards from the user through the subject index (see {@link ReverseExpansion}) to the
   * objects of the requested type that the user may relate to, then confirms each with a check.
   * Only relations that can contribute to the requested one are followed, so the cost depends on
   * the user's neighbourhood, not on the size of the store.
   */
  public List<String> listObjects(
      CompiledModel model, TupleReader tuples, ListObjectsRequest request) {
    requireRelation(model, request.type(), request.relation());
    UserRef user = requireUser(model, request.user());
    TupleReader reader = withContextualTuples(model, tuples, request.contextualTuples());
    List<ObjectRef> candidates =
        new ReverseExpansion(model, reader, request.type(), request.relation()).candidates(user);
    CheckResolver resolver =
        new CheckResolver(model, reader, request.context(), options.maxDepth());
    List<String> objects = new ArrayList<>();
    for (ObjectRef candidate : candidates) {
      if (resolver.check(candidate.type(), candidate.id(), request.relation(), user)) {
        objects.add(candidate.toString());
        if (options.maxListResults() > 0 && objects.size() >= options.maxListResults()) {
          break;
        }
      }
    }
    return objects;
  }

  /**
   * Expands {@code object#relation} forwards through the rewrite rules, collecting subjects that
   * match a filter, then confirms each with a check (exclusions and intersections need it).
   */
  public List<UserRef> listUsers(
      CompiledModel model, TupleReader tuples, ListUsersRequest request) {
    ObjectRef object = ObjectRef.parse(request.object());
    requireRelation(model, object.type(), request.relation());
    if (request.filters().size() != 1) {
      throw new EngineException(ErrorCode.VALIDATION_ERROR, "exactly one user filter is required");
    }
    ListUsersRequest.UserFilter filter = request.filters().get(0);
    if (filter.relation() == null || filter.relation().isEmpty()) {
      requireType(model, filter.type());
      filter = new ListUsersRequest.UserFilter(filter.type(), null);
    } else {
      requireRelation(model, filter.type(), filter.relation());
    }
    TupleReader reader = withContextualTuples(model, tuples, request.contextualTuples());
    UserCollector collector =
        new UserCollector(model, reader, filter, request.context(), options.maxDepth());
    collector.collect(object.type(), object.id(), request.relation(), 0);
    CheckResolver resolver =
        new CheckResolver(model, reader, request.context(), options.maxDepth());
    List<UserRef> users = new ArrayList<>();
    for (UserRef candidate : collector.candidates) {
      if (resolver.check(object.type(), object.id(), request.relation(), candidate)) {
        users.add(candidate);
        if (options.maxListResults() > 0 && users.size() >= options.maxListResults()) {
          break;
        }
      }
    }
    return users;
  }

  /** One level of the userset tree of {@code object#relation}. */
  public ExpandNode expand(
      CompiledModel model,
      TupleReader tuples,
      String objectText,
      String relation,
      List<TupleKey> contextualTuples) {
    ObjectRef object = ObjectRef.parse(objectText);
    RelationDefinition definition = requireRelation(model, object.type(), relation);
    TupleReader reader = withContextualTuples(model, tuples, contextualTuples);
    return new Expander(model, reader).expand(object, definition);
  }

  /** Stored tuples matching the filter, ordered by object, relation and user, a page at a time. */
  public ReadPage read(TupleReader tuples, ReadRequest request) {
    return Reader.read(tuples, request, options.maxReadPageSize());
  }

  private TupleReader withContextualTuples(
      CompiledModel model, TupleReader tuples, List<TupleKey> keys) {
    if (keys.isEmpty()) {
      return tuples;
    }
    if (keys.size() > options.maxContextualTuples()) {
      throw new EngineException(
          ErrorCode.VALIDATION_ERROR,
          "at most " + options.maxContextualTuples() + " contextual tuples are allowed");
    }
    Map<IndexedTuple, IndexedTuple> unique = new LinkedHashMap<>();
    for (TupleKey key : keys) {
      IndexedTuple tuple = TupleValidator.validate(model, key, ErrorCode.INVALID_TUPLE);
      unique.put(tuple, tuple);
    }
    return OverlayTupleReader.of(tuples, TupleStore.of(unique.values()));
  }

  private static TypeDefinition requireType(CompiledModel model, String type) {
    TypeDefinition definition = model.type(type);
    if (definition == null) {
      throw new EngineException(ErrorCode.TYPE_NOT_FOUND, "type '" + type + "' is not defined");
    }
    return definition;
  }

  private static RelationDefinition requireRelation(
      CompiledModel model, String type, String relation) {
    TypeDefinition definition = requireType(model, type);
    RelationDefinition relationDefinition =
        relation == null ? null : definition.relations().get(relation);
    if (relationDefinition == null) {
      throw new EngineException(
          ErrorCode.RELATION_NOT_FOUND, "relation '" + type + "#" + relation + "' is not defined");
    }
    return relationDefinition;
  }

  /**
   * The request's user, which must name a type (and relation) of the model: else a validation
   * error.
   */
  private static UserRef requireUser(CompiledModel model, String text) {
    UserRef user = UserRef.parse(text);
    TypeDefinition type = model.type(user.type());
    if (type == null) {
      throw new EngineException(
          ErrorCode.VALIDATION_ERROR,
          "invalid user '" + text + "': type '" + user.type() + "' is not defined");
    }
    if (user.isUserset() && !type.relations().containsKey(user.relation())) {
      throw new EngineException(
          ErrorCode.VALIDATION_ERROR,
          "invalid user '"
              + text
              + "': relation '"
              + user.type()
              + "#"
              + user.relation()
              + "' is not defined");
    }
    return user;
  }

  /**
   * Forward expansion collecting the subjects that match the filter. Conditions on the tuples it
   * walks are evaluated strictly, as OpenFGA's ListUsers does: a missing parameter anywhere on the
   * way fails the request, and a false condition prunes that tuple.
   */
  private static final class UserCollector {
    private final CompiledModel model;
    private final TupleReader tuples;
    private final ListUsersRequest.UserFilter filter;
    private final Map<String, Object> context;
    private final int maxDepth;
    private final Set<String> visited = new HashSet<>();
    final Set<UserRef> candidates = new LinkedHashSet<>();

    UserCollector(
        CompiledModel model,
        TupleReader tuples,
        ListUsersRequest.UserFilter filter,
        Map<String, Object> context,
        int maxDepth) {
      this.model = model;
      this.tuples = tuples;
      this.filter = filter;
      this.context = context;
      this.maxDepth = maxDepth;
    }

    void collect(String type, String id, String relation, int depth) {
      if (depth >= maxDepth) {
        throw new EngineException(
            ErrorCode.RESOLUTION_TOO_COMPLEX, "resolution exceeded the depth limit of " + maxDepth);
      }
      RelationDefinition definition = model.relation(type, relation);
      if (definition == null || !visited.add(type + ":" + id + "#" + relation)) {
        return;
      }
      if (filter.relation() != null
          && filter.type().equals(type)
          && filter.relation().equals(relation)) {
        candidates.add(new UserRef(type, id, relation));
      }
      walk(definition.rewrite(), type, id, definition, depth);
    }

    private void walk(
        Userset rewrite, String type, String id, RelationDefinition definition, int depth) {
      rewrite.accept(
          new Userset.Visitor<Void>() {
            @Override
            public Void direct(Userset.This direct) {
              tuples.visitDirect(
                  type,
                  id,
                  definition.name(),
                  tuple -> {
                    if (filter.relation() == null
                        && filter.type().equals(tuple.subjectType())
                        && TupleValidator.fits(definition, tuple)
                        && TupleConditions.hold(model, tuple, context)) {
                      candidates.add(UserRef.of(tuple));
                    }
                    return true;
                  });
              tuples.visitUsersets(
                  type,
                  id,
                  definition.name(),
                  tuple -> {
                    if (TupleValidator.fits(definition, tuple)
                        && TupleConditions.hold(model, tuple, context)) {
                      collect(
                          tuple.subjectType(),
                          tuple.subjectId(),
                          tuple.subjectRelation(),
                          depth + 1);
                    }
                    return true;
                  });
              return null;
            }

            @Override
            public Void computed(Userset.ComputedUserset computed) {
              collect(type, id, computed.relation(), depth + 1);
              return null;
            }

            @Override
            public Void tupleToUserset(Userset.TupleToUserset ttu) {
              RelationDefinition tupleset = model.relation(type, ttu.tuplesetRelation());
              if (tupleset != null) {
                tuples.visitDirect(
                    type,
                    id,
                    tupleset.name(),
                    tuple -> {
                      if (!tuple.isWildcard()
                          && TupleValidator.fits(tupleset, tuple)
                          && TupleConditions.hold(model, tuple, context)) {
                        collect(
                            tuple.subjectType(),
                            tuple.subjectId(),
                            ttu.computedRelation(),
                            depth + 1);
                      }
                      return true;
                    });
              }
              return null;
            }

            @Override
            public Void union(Userset.Union union) {
              union.children().forEach(child -> walk(child, type, id, definition, depth));
              return null;
            }

            @Override
            public Void intersection(Userset.Intersection intersection) {
              intersection.children().forEach(child -> walk(child, type, id, definition, depth));
              return null;
            }

            @Override
            public Void difference(Userset.Difference difference) {
              walk(
                  difference.base(),
                  type,
                  id,
                  definition,
                  depth); // candidates only: checks decide later
              return null;
            }
          });
    }
  }
}
