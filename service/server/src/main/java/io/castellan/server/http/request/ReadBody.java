package io.castellan.server.http.request;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.castellan.engine.query.ObjectRef;
import io.castellan.engine.query.ReadRequest;

/**
 * A read of stored tuples: an optional filter ({@code tuple_key}: object or type, relation, user),
 * a page and freshness.
 */
public record ReadBody(
    @JsonProperty("tuple_key") TupleKeyBody tupleKey,
    @JsonProperty("page_size") Integer pageSize,
    @JsonProperty("continuation_token") String continuationToken,
    String consistency,
    String revision,
    @JsonProperty("at_revision") String atRevision,
    @JsonProperty("at_time") String atTime)
    implements ReadOptions {

  /** The read of {@code org}'s tuples (its continuation tokens are bound to the organization). */
  public ReadRequest request(String org) {
    String object = tupleKey == null ? null : RequestLimits.optional(tupleKey.object());
    String relation = tupleKey == null ? null : RequestLimits.optional(tupleKey.relation());
    String user = tupleKey == null ? null : RequestLimits.optional(tupleKey.user());
    if (object != null) {
      ObjectRef.parseFilter(object); // refused here, before a read is forwarded to another node
    }
    if (user != null && object == null) {
      throw new BadRequest("reading by user needs the object's type ('tuple_key.object' as type:)");
    }
    return new ReadRequest(
        object,
        relation,
        user,
        pageSize == null ? 0 : pageSize,
        RequestLimits.optional(continuationToken),
        org);
  }
}
