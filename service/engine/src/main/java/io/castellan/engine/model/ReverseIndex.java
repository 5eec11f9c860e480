package io.castellan.engine.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model's rewrite rules read backwards, for ListObjects: knowing that a user has relation
 * {@code r} on some object of type {@code t}, which other relations does that imply, on the same
 * object (computed usersets) or on objects whose tuples point at it (tuple-to-userset)?
 */
public final class ReverseIndex {

  /** {@code type#relation}: an edge end in the model graph. */
  public record RelationKey(String type, String relation) {}

  /** Relation {@code dependent} on {@code type} holds {@code computed from tupleset}. */
  public record TupleToUsersetEdge(
      String type, String tuplesetRelation, String computedRelation, String dependent) {}

  private final Map<RelationKey, List<String>> computedDependents = new HashMap<>();
  private final Map<RelationKey, List<TupleToUsersetEdge>> ttuByTupleset = new HashMap<>();

  ReverseIndex(AuthorizationModel model) {
    for (TypeDefinition type : model.types().values()) {
      for (RelationDefinition relation : type.relations().values()) {
        collect(type.name(), relation.name(), relation.rewrite());
      }
    }
  }

  private void collect(String type, String dependent, Userset rewrite) {
    rewrite.accept(
        new Userset.Visitor<Void>() {
          @Override
          public Void direct(Userset.This userset) {
            return null; // tuples written for the relation itself: no edge to another relation
          }

          @Override
          public Void computed(Userset.ComputedUserset computed) {
            computedDependents
                .computeIfAbsent(new RelationKey(type, computed.relation()), k -> new ArrayList<>())
                .add(dependent);
            return null;
          }

          @Override
          public Void tupleToUserset(Userset.TupleToUserset ttu) {
            ttuByTupleset
                .computeIfAbsent(
                    new RelationKey(type, ttu.tuplesetRelation()), k -> new ArrayList<>())
                .add(
                    new TupleToUsersetEdge(
                        type, ttu.tuplesetRelation(), ttu.computedRelation(), dependent));
            return null;
          }

          @Override
          public Void union(Userset.Union union) {
            union.children().forEach(child -> collect(type, dependent, child));
            return null;
          }

          @Override
          public Void intersection(Userset.Intersection intersection) {
            intersection.children().forEach(child -> collect(type, dependent, child));
            return null;
          }

          @Override
          public Void difference(Userset.Difference difference) {
            collect(type, dependent, difference.base()); // the subtracted side never grants
            return null;
          }
        });
  }

  /** Relations on {@code type} that include {@code relation} through a computed userset. */
  public List<String> computedDependents(String type, String relation) {
    return computedDependents.getOrDefault(new RelationKey(type, relation), List.of());
  }

  /** Tuple-to-userset rules that read the tupleset relation {@code type#tuplesetRelation}. */
  public List<TupleToUsersetEdge> tupleToUsersetsOver(String type, String tuplesetRelation) {
    return ttuByTupleset.getOrDefault(new RelationKey(type, tuplesetRelation), List.of());
  }

  /**
   * The relations whose members can contribute to {@code target}: {@code target} itself and,
   * transitively, the relations its rewrite reads (computed, tuple-to-userset, and usersets in type
   * restrictions). Exclusions' subtracted sides never grant, so they are left out.
   */
  static Set<RelationKey> contributors(AuthorizationModel model, RelationKey target) {
    Set<RelationKey> reached = new HashSet<>();
    ArrayDeque<RelationKey> pending = new ArrayDeque<>();
    reached.add(target);
    pending.add(target);
    while (!pending.isEmpty()) {
      RelationKey key = pending.poll();
      RelationDefinition definition = model.relation(key.type(), key.relation());
      if (definition != null) {
        contributors(model, key.type(), definition, definition.rewrite(), reached, pending);
      }
    }
    return Set.copyOf(reached);
  }

  private static void contributors(
      AuthorizationModel model,
      String type,
      RelationDefinition definition,
      Userset rewrite,
      Set<RelationKey> reached,
      ArrayDeque<RelationKey> pending) {
    rewrite.accept(
        new Userset.Visitor<Void>() {
          @Override
          public Void direct(Userset.This userset) {
            for (RelationReference reference : definition.directlyRelated()) {
              if (reference.relation() != null) {
                add(new RelationKey(reference.type(), reference.relation()), reached, pending);
              }
            }
            return null;
          }

          @Override
          public Void computed(Userset.ComputedUserset computed) {
            add(new RelationKey(type, computed.relation()), reached, pending);
            return null;
          }

          @Override
          public Void tupleToUserset(Userset.TupleToUserset ttu) {
            RelationDefinition tupleset = model.relation(type, ttu.tuplesetRelation());
            if (tupleset != null) {
              for (RelationReference reference : tupleset.directlyRelated()) {
                add(new RelationKey(reference.type(), ttu.computedRelation()), reached, pending);
              }
            }
            return null;
          }

          @Override
          public Void union(Userset.Union union) {
            union
                .children()
                .forEach(child -> contributors(model, type, definition, child, reached, pending));
            return null;
          }

          @Override
          public Void intersection(Userset.Intersection intersection) {
            intersection
                .children()
                .forEach(child -> contributors(model, type, definition, child, reached, pending));
            return null;
          }

          @Override
          public Void difference(Userset.Difference difference) {
            contributors(
                model,
                type,
                definition,
                difference.base(),
                reached,
                pending); // subtracting never grants
            return null;
          }
        });
  }

  private static void add(
      RelationKey key, Set<RelationKey> reached, ArrayDeque<RelationKey> pending) {
    if (reached.add(key)) {
      pending.add(key);
    }
  }
}
