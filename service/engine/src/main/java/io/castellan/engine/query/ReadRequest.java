package io.castellan.engine.query;

/**
 * Stored tuples matching a filter: {@code object} is {@code type:id} or {@code type:} (any id of
 * the type); {@code relation} and {@code user} are optional. Pages are resumed with the opaque
 * token, which only a read of the same {@code scope} (whose tuples: the organization) and filter
 * accepts.
 */
public record ReadRequest(
    String object,
    String relation,
    String user,
    int pageSize,
    String continuationToken,
    String scope) {

  public ReadRequest(
      String object, String relation, String user, int pageSize, String continuationToken) {
    this(object, relation, user, pageSize, continuationToken, "");
  }
}
