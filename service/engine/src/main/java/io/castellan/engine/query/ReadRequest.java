package io.castellan.engine.query;

/**
 * Stored tuples matching a filter: {@code object} is {@code type:id} or {@code type:} (any id of the
 * type); {@code relation} and {@code user} are optional. Pages are resumed with the opaque token.
 */
public record ReadRequest(String object, String relation, String user, int pageSize, String continuationToken) {}
