package io.castellan.engine.model;

import java.util.Objects;

/**
 * One type restriction of a directly assignable relation: {@code type}, {@code type:*} ({@code
 * wildcard}), {@code type#relation}, each optionally {@code with condition}.
 */
public record RelationReference(String type, String relation, boolean wildcard, String condition) {

  public boolean matches(
      String subjectType,
      String subjectRelation,
      boolean subjectWildcard,
      String subjectCondition) {
    return matchesSubject(subjectType, subjectRelation, subjectWildcard)
        && Objects.equals(condition, subjectCondition);
  }

  public boolean matchesSubject(
      String subjectType, String subjectRelation, boolean subjectWildcard) {
    return type.equals(subjectType)
        && wildcard == subjectWildcard
        && Objects.equals(relation, subjectRelation);
  }

  @Override
  public String toString() {
    String subject = wildcard ? type + ":*" : relation == null ? type : type + "#" + relation;
    return condition == null ? subject : subject + " with " + condition;
  }
}
