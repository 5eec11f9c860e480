package io.castellan.server.http.request;

/**
 * A tuple key, OpenFGA's {@code {object, relation, user, condition?}}; in a read or an expand some
 * of its fields may be absent.
 */
public record TupleKeyBody(String object, String relation, String user, ConditionBody condition) {}
