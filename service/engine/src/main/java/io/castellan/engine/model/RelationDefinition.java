package io.castellan.engine.model;

import java.util.List;

/**
 * A relation: how it is computed ({@code rewrite}) and, when it can be assigned directly, which
 * subjects a tuple may name ({@code directlyRelated}).
 */
public record RelationDefinition(
    String type, String name, Userset rewrite, List<RelationReference> directlyRelated) {

  public RelationDefinition {
    directlyRelated = List.copyOf(directlyRelated);
  }

  /** True when a tuple's subject with these properties fits one of the type restrictions. */
  public boolean allows(
      String subjectType, String subjectRelation, boolean wildcard, String condition) {
    for (RelationReference reference : directlyRelated) {
      if (reference.matches(subjectType, subjectRelation, wildcard, condition)) {
        return true;
      }
    }
    return false;
  }

  /** True when some restriction admits {@code type} itself (not its wildcard or usersets). */
  public boolean admitsPlain(String subjectType) {
    for (RelationReference reference : directlyRelated) {
      if (!reference.wildcard()
          && reference.relation() == null
          && reference.type().equals(subjectType)) {
        return true;
      }
    }
    return false;
  }

  /** True when some restriction is {@code type:*}. */
  public boolean admitsWildcard(String subjectType) {
    for (RelationReference reference : directlyRelated) {
      if (reference.wildcard() && reference.type().equals(subjectType)) {
        return true;
      }
    }
    return false;
  }

  /** True when some restriction is a userset {@code type#relation}. */
  public boolean admitsUsersets() {
    for (RelationReference reference : directlyRelated) {
      if (reference.relation() != null) {
        return true;
      }
    }
    return false;
  }
}
