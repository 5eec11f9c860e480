package io.castellan.engine.query;

import io.castellan.engine.EngineException;
import io.castellan.engine.model.CompiledModel;
import io.castellan.engine.model.RelationDefinition;
import io.castellan.engine.model.TypeDefinition;
import io.castellan.engine.store.IndexedTuple;
import io.castellan.engine.store.TupleCondition;
import io.castellan.protocol.ErrorCode;
import java.util.Collection;
import java.util.List;

/**
 * Checks a tuple against a model before it is stored or used as a contextual tuple: the object type
 * and relation exist, the subject fits a type restriction of the relation, and a condition is
 * declared with a context that fits its parameters. Returns the tuple with the model's own type and
 * relation strings, so stored tuples share them.
 */
public final class TupleValidator {

  private TupleValidator() {}

  public static IndexedTuple validate(CompiledModel model, TupleKey key, ErrorCode code) {
    IndexedTuple parsed;
    try {
      parsed = key.parse();
    } catch (EngineException e) {
      throw new EngineException(code, e.getMessage());
    }
    ObjectRef object = new ObjectRef(parsed.objectType(), parsed.objectId());
    UserRef user = UserRef.of(parsed);
    TypeDefinition type = model.type(object.type());
    if (type == null) {
      throw new EngineException(
          code, "invalid tuple " + key + ": type '" + object.type() + "' is not defined");
    }
    RelationDefinition relation = type.relations().get(key.relation());
    if (relation == null) {
      throw new EngineException(
          code,
          "invalid tuple "
              + key
              + ": relation '"
              + key.relation()
              + "' is not defined on type '"
              + object.type()
              + "'");
    }
    TypeDefinition userType = model.type(user.type());
    if (userType == null) {
      throw new EngineException(
          code, "invalid tuple " + key + ": type '" + user.type() + "' is not defined");
    }
    if (user.isUserset() && !userType.relations().containsKey(user.relation())) {
      throw new EngineException(
          code,
          "invalid tuple "
              + key
              + ": relation '"
              + user.relation()
              + "' is not defined on type '"
              + user.type()
              + "'");
    }
    TupleCondition condition = key.condition();
    String conditionName = condition == null ? null : condition.name();
    if (!relation.allows(user.type(), user.relation(), user.isWildcard(), conditionName)) {
      String subject =
          user.isWildcard()
              ? user.type() + ":*"
              : user.isUserset() ? user.type() + "#" + user.relation() : user.type();
      throw new EngineException(
          code,
          "invalid tuple "
              + key
              + ": '"
              + subject
              + (conditionName == null ? "" : " with " + conditionName)
              + "' is not an allowed type restriction for '"
              + object.type()
              + "#"
              + key.relation()
              + "'");
    }
    if (condition != null) {
      try {
        model.conditions().validateContext(condition.name(), condition.context());
      } catch (EngineException e) {
        throw new EngineException(code, "invalid tuple " + key + ": " + e.getMessage());
      }
    }
    return new IndexedTuple(
        type.name(),
        object.id(),
        relation.name(),
        userType.name(),
        user.id(),
        user.isUserset() ? userType.relations().get(user.relation()).name() : null,
        condition);
  }

  /**
   * True when a stored tuple still fits the relation's type restrictions (including its condition).
   * Evaluation ignores tuples that a newer model no longer allows, rather than failing on them.
   */
  public static boolean fits(RelationDefinition definition, IndexedTuple tuple) {
    return definition.allows(
        tuple.subjectType(), tuple.subjectRelation(), tuple.isWildcard(), tuple.conditionName());
  }

  public static List<IndexedTuple> validateAll(
      CompiledModel model, Collection<TupleKey> keys, ErrorCode code) {
    return keys.stream().map(key -> validate(model, key, code)).toList();
  }
}
