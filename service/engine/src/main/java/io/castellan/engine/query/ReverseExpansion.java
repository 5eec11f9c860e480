package io.castellan.engine.query;

import io.castellan.engine.model.CompiledModel;
import io.castellan.engine.model.ReverseIndex;
import io.castellan.engine.model.ReverseIndex.RelationKey;
import io.castellan.engine.store.IndexedTuple;
import io.castellan.engine.store.TupleReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * ListObjects' candidate search: from the user, follow tuples backwards (subject → object) and the
 * model's rules backwards ({@link ReverseIndex}), visiting each {@code object#relation} the user
 * may hold at most once, and keeping only relations that can contribute to the target. The objects
 * of the target type and relation reached are candidates; each still needs a check (intersections,
 * exclusions and conditions are decided there).
 */
final class ReverseExpansion {

  /** The user may hold {@code relation} on {@code type:id}. */
  private record Reached(String type, String id, String relation) {}

  private final CompiledModel model;
  private final TupleReader tuples;
  private final String targetType;
  private final String targetRelation;
  private final Set<RelationKey> contributors;
  private final ReverseIndex reverse;
  private final Set<Reached> seen = new HashSet<>();
  private final ArrayDeque<Reached> pending = new ArrayDeque<>();
  private final List<ObjectRef> candidates = new ArrayList<>();

  ReverseExpansion(
      CompiledModel model, TupleReader tuples, String targetType, String targetRelation) {
    this.model = model;
    this.tuples = tuples;
    this.targetType = targetType;
    this.targetRelation = targetRelation;
    this.contributors = model.contributors(targetType, targetRelation);
    this.reverse = model.reverseIndex();
  }

  List<ObjectRef> candidates(UserRef user) {
    if (user.isUserset()) {
      reach(user.type(), user.id(), user.relation());
    } else {
      fromPlainSubject(user.type(), user.id());
      if (!user.isWildcard()) {
        fromPlainSubject(user.type(), IndexedTuple.WILDCARD);
      }
    }
    while (!pending.isEmpty()) {
      Reached state = pending.poll();
      // usersets: tuples whose subject is exactly this object#relation
      tuples.visitBySubject(
          state.type(),
          state.id(),
          tuple -> {
            if (state.relation().equals(tuple.subjectRelation())) {
              reach(tuple.objectType(), tuple.objectId(), tuple.relation());
            } else if (tuple.subjectRelation() == null) {
              // tuple-to-userset: object#tupleset@state.object, read as "relation from tupleset"
              for (ReverseIndex.TupleToUsersetEdge edge :
                  reverse.tupleToUsersetsOver(tuple.objectType(), tuple.relation())) {
                if (edge.computedRelation().equals(state.relation())) {
                  reach(tuple.objectType(), tuple.objectId(), edge.dependent());
                }
              }
            }
            return true;
          });
      for (String dependent : reverse.computedDependents(state.type(), state.relation())) {
        reach(state.type(), state.id(), dependent);
      }
    }
    return candidates;
  }

  /** Tuples naming the subject itself (not one of its relations) grant their relation directly. */
  private void fromPlainSubject(String type, String id) {
    tuples.visitBySubject(
        type,
        id,
        tuple -> {
          if (tuple.subjectRelation() == null) {
            reach(tuple.objectType(), tuple.objectId(), tuple.relation());
          }
          return true;
        });
  }

  private void reach(String type, String id, String relation) {
    if (!contributors.contains(new RelationKey(type, relation))) {
      return;
    }
    Reached state = new Reached(type, id, relation);
    if (seen.add(state)) {
      pending.add(state);
      if (relation.equals(targetRelation) && type.equals(targetType)) {
        candidates.add(new ObjectRef(type, id));
      }
    }
  }
}
