package io.castellan.engine.query;

import io.castellan.engine.EngineException;
import io.castellan.engine.model.CompiledModel;
import io.castellan.engine.model.RelationDefinition;
import io.castellan.engine.model.Userset;
import io.castellan.engine.store.IndexedTuple;
import io.castellan.engine.store.RelationTuples;
import io.castellan.engine.store.TupleReader;
import io.castellan.protocol.ErrorCode;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Decides {@code object#relation@user} by walking the model's rewrite rules over the tuples
 * (Zanzibar's check). One instance serves one request on one thread.
 *
 * <p>Semantics follow OpenFGA: a union is true if any branch is true even when another branch
 * failed (e.g. a condition missing a parameter); an intersection is false if any branch is false;
 * an error surfaces only when it could change the answer. Revisiting an {@code object#relation} on
 * the current path is a cycle: it counts as false, except that a cycle under {@code but not} makes
 * the exclusion false too (OpenFGA cannot prove the subtraction false, so it denies). Nesting
 * deeper than the depth limit fails with {@link ErrorCode#RESOLUTION_TOO_COMPLEX}. Tuples that the
 * model no longer allows are ignored.
 */
final class CheckResolver implements Userset.Visitor<Integer> {

  private final CompiledModel model;
  private final TupleReader tuples;
  private final Map<String, Object> context;
  private final int maxDepth;
  // records the steps for an explanation; null (nearly every check) records nothing
  private final CheckTrace trace;

  /** Results of a sub-problem: a cycle is "not true" but must not turn an exclusion true. */
  private static final int FALSE = 0;

  private static final int TRUE = 1;
  private static final int CYCLE = 2;

  private UserRef user;
  private String[] pathTypes = new String[16];
  private String[] pathIds = new String[16];
  private String[] pathRelations = new String[16];
  private int pathSize;
  // the frame the rewrite tree is being visited in (see evaluate)
  private String frameType;
  private String frameId;
  private RelationDefinition frameDefinition;
  private int frameDepth;

  CheckResolver(
      CompiledModel model, TupleReader tuples, Map<String, Object> context, int maxDepth) {
    this.model = model;
    this.tuples = tuples;
    this.context = context;
    this.maxDepth = maxDepth;
    this.trace = null;
  }

  /** A resolver that records its steps in {@code trace}. */
  CheckResolver(
      CompiledModel model,
      TupleReader tuples,
      Map<String, Object> context,
      int maxDepth,
      CheckTrace trace) {
    this.model = model;
    this.tuples = tuples;
    this.context = context;
    this.maxDepth = maxDepth;
    this.trace = trace;
  }

  boolean check(String type, String id, String relation, UserRef user) {
    this.user = user;
    this.pathSize = 0;
    return check(type, id, relation, 0) == TRUE;
  }

  private int check(String type, String id, String relation, int depth) {
    if (trace == null) {
      return resolve(type, id, relation, depth);
    }
    return traced(
        "check", type + ':' + id, relation, null, () -> resolve(type, id, relation, depth));
  }

  /** One step recorded in the trace around its evaluation. */
  private int traced(
      String kind, String object, String relation, IndexedTuple tuple, IntSupplier step) {
    trace.open(kind, object, relation, tuple);
    int result = CheckTrace.ERROR;
    try {
      result = step.getAsInt();
      return result;
    } finally {
      trace.close(result);
    }
  }

  private int resolve(String type, String id, String relation, int depth) {
    if (depth >= maxDepth) {
      throw new EngineException(
          ErrorCode.RESOLUTION_TOO_COMPLEX, "resolution exceeded the depth limit of " + maxDepth);
    }
    if (user.relation() != null
        && relation.equals(user.relation())
        && id.equals(user.id())
        && type.equals(user.type())) {
      return TRUE;
    }
    RelationDefinition definition = model.relation(type, relation);
    if (definition == null) {
      return FALSE;
    }
    if (onPath(type, id, relation)) {
      return CYCLE;
    }
    push(type, id, relation);
    try {
      return evaluate(definition.rewrite(), type, id, definition, depth);
    } finally {
      pathSize--;
    }
  }

  /**
   * The rewrite's result on {@code type:id}. The resolver is itself the visitor of the rewrite tree
   * (no visitor object per step on the check path): the frame it visits in is kept in fields, set
   * here and restored after, so nested evaluations see their own. The children of a union,
   * intersection or exclusion share their parent's frame and are visited directly.
   */
  private int evaluate(
      Userset rewrite, String type, String id, RelationDefinition definition, int depth) {
    String outerType = frameType;
    String outerId = frameId;
    RelationDefinition outerDefinition = frameDefinition;
    int outerDepth = frameDepth;
    frameType = type;
    frameId = id;
    frameDefinition = definition;
    frameDepth = depth;
    try {
      return visit(rewrite);
    } finally {
      frameType = outerType;
      frameId = outerId;
      frameDefinition = outerDefinition;
      frameDepth = outerDepth;
    }
  }

  @Override
  public Integer direct(Userset.This direct) {
    return direct(frameType, frameId, frameDefinition, frameDepth);
  }

  @Override
  public Integer computed(Userset.ComputedUserset computed) {
    return check(frameType, frameId, computed.relation(), frameDepth + 1);
  }

  @Override
  public Integer tupleToUserset(Userset.TupleToUserset ttu) {
    return tupleToUserset(frameType, frameId, ttu, frameDepth);
  }

  @Override
  public Integer union(Userset.Union union) {
    Outcome outcome = new Outcome();
    for (Userset child : union.children()) {
      try {
        if (outcome.add(visit(child))) {
          return TRUE;
        }
      } catch (EngineException e) {
        outcome.fail(e);
      }
    }
    return outcome.result();
  }

  @Override
  public Integer intersection(Userset.Intersection intersection) {
    EngineException error = null;
    int result = TRUE;
    for (Userset child : intersection.children()) {
      try {
        int childResult = visit(child);
        if (childResult == FALSE) {
          return FALSE;
        }
        result = childResult == CYCLE ? CYCLE : result;
      } catch (EngineException e) {
        error = error == null ? e : error;
      }
    }
    if (error != null) {
      throw error;
    }
    return result;
  }

  @Override
  public Integer difference(Userset.Difference difference) {
    int base = visit(difference.base());
    if (base != TRUE) {
      return base;
    }
    int subtract = visit(difference.subtract());
    return subtract == TRUE ? FALSE : subtract == CYCLE ? CYCLE : TRUE;
  }

  /** One rewrite in the current frame, recorded as a step when tracing. */
  private int visit(Userset rewrite) {
    if (trace == null) {
      return rewrite.accept(this);
    }
    String relation = frameDefinition.name();
    String kind = "direct";
    if (rewrite instanceof Userset.ComputedUserset computed) {
      kind = "computed";
      relation = computed.relation();
    } else if (rewrite instanceof Userset.TupleToUserset ttu) {
      kind = "tuple_to_userset";
      relation = ttu.tuplesetRelation() + "->" + ttu.computedRelation();
    } else if (rewrite instanceof Userset.Union) {
      kind = "union";
    } else if (rewrite instanceof Userset.Intersection) {
      kind = "intersection";
    } else if (rewrite instanceof Userset.Difference) {
      kind = "exclusion";
    }
    return traced(kind, frameType + ':' + frameId, relation, null, () -> rewrite.accept(this));
  }

  /** The check a tuple leads to, recorded as a step under the tuple when tracing. */
  private int follow(IndexedTuple via, String type, String id, String relation, int depth) {
    if (trace == null) {
      return check(type, id, relation, depth);
    }
    return traced("tuple", null, null, via, () -> check(type, id, relation, depth));
  }

  /** Union bookkeeping: true wins; otherwise an error, then a cycle, then false. */
  private static final class Outcome {
    private boolean cycle;
    private EngineException error;

    /** Records a branch result; returns true when the union is decided true. */
    boolean add(int result) {
      cycle |= result == CYCLE;
      return result == TRUE;
    }

    void fail(EngineException e) {
      if (e.code() == ErrorCode.RESOLUTION_TOO_COMPLEX) {
        throw e;
      }
      error = error == null ? e : error;
    }

    int result() {
      if (error != null) {
        throw error;
      }
      return cycle ? CYCLE : FALSE;
    }
  }

  /**
   * Tuples written for this relation: the user named exactly, the user's type as a wildcard, then
   * each userset followed. One index lookup; the model's type restrictions say which of the three
   * searches can possibly match, and the others are skipped.
   */
  private int direct(String type, String id, RelationDefinition definition, int depth) {
    RelationTuples written = tuples.tuplesOf(type, id, definition.name());
    if (written.isEmpty()) {
      return FALSE;
    }
    Outcome outcome = new Outcome();
    boolean plainUser = user.relation() == null;
    if (!plainUser || definition.admitsPlain(user.type()) || user.isWildcard()) {
      if (matches(definition, written.find(user.type(), user.id(), user.relation()), outcome)) {
        return TRUE;
      }
    }
    if (plainUser && !user.isWildcard() && definition.admitsWildcard(user.type())) {
      if (matches(definition, written.find(user.type(), IndexedTuple.WILDCARD, null), outcome)) {
        return TRUE;
      }
    }
    if (definition.admitsUsersets()) {
      boolean found =
          !written.visitUsersets(
              tuple -> {
                if (!TupleValidator.fits(definition, tuple)) {
                  return true;
                }
                try {
                  return !(holds(tuple)
                      && outcome.add(
                          follow(
                              tuple,
                              tuple.subjectType(),
                              tuple.subjectId(),
                              tuple.subjectRelation(),
                              depth + 1)));
                } catch (EngineException e) {
                  outcome.fail(e);
                  return true;
                }
              });
      if (found) {
        return TRUE;
      }
    }
    return outcome.result();
  }

  private boolean matches(RelationDefinition definition, IndexedTuple tuple, Outcome outcome) {
    if (tuple == null || !TupleValidator.fits(definition, tuple)) {
      return false;
    }
    try {
      boolean holds = TupleConditions.hold(model, tuple, context);
      if (trace != null) {
        trace.leaf("tuple", tuple, holds ? CheckTrace.TRUE : CheckTrace.FALSE);
      }
      return holds;
    } catch (EngineException e) {
      if (trace != null) {
        trace.leaf("tuple", tuple, CheckTrace.ERROR);
      }
      outcome.fail(e);
      return false;
    }
  }

  /** Whether a tuple's condition holds; one that does not is recorded when tracing. */
  private boolean holds(IndexedTuple tuple) {
    boolean holds = TupleConditions.hold(model, tuple, context);
    if (!holds && trace != null) {
      trace.leaf("tuple", tuple, CheckTrace.FALSE);
    }
    return holds;
  }

  private int tupleToUserset(String type, String id, Userset.TupleToUserset ttu, int depth) {
    RelationDefinition tupleset = model.relation(type, ttu.tuplesetRelation());
    if (tupleset == null) {
      return FALSE;
    }
    Outcome outcome = new Outcome();
    boolean found =
        !tuples.visitDirect(
            type,
            id,
            tupleset.name(),
            tuple -> {
              if (tuple.isWildcard()
                  || !TupleValidator.fits(tupleset, tuple)
                  || model.relation(tuple.subjectType(), ttu.computedRelation()) == null) {
                return true;
              }
              try {
                return !(holds(tuple)
                    && outcome.add(
                        follow(
                            tuple,
                            tuple.subjectType(),
                            tuple.subjectId(),
                            ttu.computedRelation(),
                            depth + 1)));
              } catch (EngineException e) {
                outcome.fail(e);
                return true;
              }
            });
    return found ? TRUE : outcome.result();
  }

  private boolean onPath(String type, String id, String relation) {
    for (int i = 0; i < pathSize; i++) {
      if (pathIds[i].equals(id) && pathRelations[i].equals(relation) && pathTypes[i].equals(type)) {
        return true;
      }
    }
    return false;
  }

  private void push(String type, String id, String relation) {
    if (pathSize == pathTypes.length) {
      pathTypes = Arrays.copyOf(pathTypes, pathSize * 2);
      pathIds = Arrays.copyOf(pathIds, pathSize * 2);
      pathRelations = Arrays.copyOf(pathRelations, pathSize * 2);
    }
    pathTypes[pathSize] = type;
    pathIds[pathSize] = id;
    pathRelations[pathSize] = relation;
    pathSize++;
  }
}
