package io.castellan.engine.model;

import io.castellan.engine.EngineException;
import io.castellan.engine.condition.ConditionEvaluator;
import io.castellan.protocol.ErrorCode;
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
  private final ReverseIndex reverseIndex;
  private final Map<ReverseIndex.RelationKey, Set<ReverseIndex.RelationKey>> contributors =
      new ConcurrentHashMap<>();

  private CompiledModel(AuthorizationModel model, ConditionEvaluator conditions) {
    this.model = model;
    this.conditions = conditions;
    this.reverseIndex = new ReverseIndex(model);
  }

  static CompiledModel compile(AuthorizationModel model) {
    for (TypeDefinition type : model.types().values()) {
      for (RelationDefinition relation : type.relations().values()) {
        for (RelationReference reference : relation.directlyRelated()) {
          if (reference.condition() != null
              && !model.conditions().containsKey(reference.condition())) {
            throw new EngineException(
                ErrorCode.INVALID_AUTHORIZATION_MODEL,
                "type '"
                    + type.name()
                    + "' relation '"
                    + relation.name()
                    + "': condition '"
                    + reference.condition()
                    + "' is not defined");
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

  /** The model's rules read backwards (see {@link ReverseIndex}). */
  public ReverseIndex reverseIndex() {
    return reverseIndex;
  }

  /** The relations that can contribute members to {@code type#relation}; cached per model. */
  public Set<ReverseIndex.RelationKey> contributors(String type, String relation) {
    return contributors.computeIfAbsent(
        new ReverseIndex.RelationKey(type, relation), key -> ReverseIndex.contributors(model, key));
  }
}
