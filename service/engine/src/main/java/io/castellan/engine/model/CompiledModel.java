package io.castellan.engine.model;

import io.castellan.engine.condition.ConditionEvaluator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A validated model ready for evaluation: its conditions compiled, and facts derived from its type
 * graph cached. Immutable and shared by every query against this model version.
 */
public final class CompiledModel {

  private final AuthorizationModel model;
  private final ConditionEvaluator conditions;
  private final Map<String, Set<String>> typesReaching = new ConcurrentHashMap<>();

  private CompiledModel(AuthorizationModel model, ConditionEvaluator conditions) {
    this.model = model;
    this.conditions = conditions;
  }

  static CompiledModel compile(AuthorizationModel model) {
    for (TypeDefinition type : model.types().values()) {
      for (RelationDefinition relation : type.relations().values()) {
        for (RelationReference reference : relation.directlyRelated()) {
          if (reference.condition() != null && !model.conditions().containsKey(reference.condition())) {
            throw new io.castellan.engine.EngineException(
                io.castellan.engine.ErrorCode.INVALID_AUTHORIZATION_MODEL,
                "type '" + type.name() + "' relation '" + relation.name() + "': condition '"
                    + reference.condition() + "' is not defined");
          }
        }
      }
    }
    return new CompiledModel(model, ConditionEvaluator.compile(model.conditions()));
  }

  public AuthorizationModel model() {
    return model;
  }

  public String id() {
    return model.id();
  }

  public CompiledModel withId(String id) {
    return new CompiledModel(model.withId(id), conditions);
  }

  public ConditionEvaluator conditions() {
    return conditions;
  }

  public RelationDefinition relation(String type, String relation) {
    return model.relation(type, relation);
  }

  public TypeDefinition type(String type) {
    return model.type(type);
  }

  /**
   * The types whose objects can lead, through tuples, to an object of {@code target}: those that
   * appear (transitively) in the type restrictions of {@code target}'s relations. ListObjects walks
   * backwards from a user only through tuples on these types.
   */
  public Set<String> typesReaching(String target) {
    return typesReaching.computeIfAbsent(target, this::computeTypesReaching);
  }

  private Set<String> computeTypesReaching(String target) {
    Set<String> reached = new HashSet<>();
    java.util.ArrayDeque<String> pending = new java.util.ArrayDeque<>();
    reached.add(target);
    pending.add(target);
    while (!pending.isEmpty()) {
      TypeDefinition type = model.type(pending.poll());
      if (type == null) {
        continue;
      }
      for (RelationDefinition relation : type.relations().values()) {
        for (RelationReference reference : relation.directlyRelated()) {
          if (reached.add(reference.type())) {
            pending.add(reference.type());
          }
        }
      }
    }
    return Set.copyOf(reached);
  }
}
