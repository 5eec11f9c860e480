package io.castellan.engine.query;

import io.castellan.engine.EngineException;
import io.castellan.engine.store.IndexedTuple;
import io.castellan.engine.store.TupleReader;
import io.castellan.engine.store.TupleVisitor;
import io.castellan.protocol.ContinuationToken;
import io.castellan.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Read: the stored tuples matching a filter, sorted by their key so that a page boundary (the last
 * key, in the token) stays valid while other tuples are written.
 */
final class Reader {

  private static final Comparator<IndexedTuple> ORDER = Comparator.comparing(Reader::sortKey);

  private Reader() {}

  static ReadPage read(TupleReader tuples, ReadRequest request, int maxPageSize) {
    int pageSize = request.pageSize() <= 0 ? maxPageSize : request.pageSize();
    if (pageSize > maxPageSize) {
      throw new EngineException(
          ErrorCode.VALIDATION_ERROR, "page size must be at most " + maxPageSize);
    }
    Filter filter = Filter.of(request);
    String query = ContinuationToken.query("read", request.scope(), filter.fingerprint());
    String after;
    try {
      after = ContinuationToken.position(request.continuationToken(), query);
    } catch (ContinuationToken.Invalid e) {
      throw new EngineException(ErrorCode.INVALID_CONTINUATION_TOKEN, e.getMessage());
    }
    List<IndexedTuple> matches = new ArrayList<>();
    TupleVisitor collect =
        tuple -> {
          if (filter.matches(tuple) && (after == null || sortKey(tuple).compareTo(after) > 0)) {
            matches.add(tuple);
          }
          return true;
        };
    if (filter.objectId != null && filter.relation != null) {
      tuples.visitDirect(filter.objectType, filter.objectId, filter.relation, collect);
      tuples.visitUsersets(filter.objectType, filter.objectId, filter.relation, collect);
    } else if (filter.user != null) {
      tuples.visitBySubject(filter.user.type(), filter.user.id(), collect);
    } else {
      tuples.visitAll(collect);
    }
    matches.sort(ORDER);
    if (matches.size() <= pageSize) {
      return new ReadPage(List.copyOf(matches), "");
    }
    List<IndexedTuple> page = List.copyOf(matches.subList(0, pageSize));
    return new ReadPage(page, ContinuationToken.encode(query, sortKey(page.get(page.size() - 1))));
  }

  private static String sortKey(IndexedTuple tuple) {
    return tuple.objectType()
        + ':'
        + tuple.objectId()
        + '#'
        + tuple.relation()
        + '@'
        + tuple.user();
  }

  private record Filter(String objectType, String objectId, String relation, UserRef user) {
    static Filter of(ReadRequest request) {
      String objectType = null;
      String objectId = null;
      if (request.object() != null && !request.object().isEmpty()) {
        ObjectRef object = ObjectRef.parseFilter(request.object());
        objectType = object.type();
        objectId = object.id();
      }
      String relation =
          request.relation() == null || request.relation().isEmpty() ? null : request.relation();
      UserRef user =
          request.user() == null || request.user().isEmpty() ? null : UserRef.parse(request.user());
      return new Filter(objectType, objectId, relation, user);
    }

    /** Identifies the filter inside a continuation token. */
    String fingerprint() {
      return objectType + "|" + objectId + "|" + relation + "|" + user;
    }

    boolean matches(IndexedTuple tuple) {
      return (objectType == null || objectType.equals(tuple.objectType()))
          && (objectId == null || objectId.equals(tuple.objectId()))
          && (relation == null || relation.equals(tuple.relation()))
          && (user == null
              || user.type().equals(tuple.subjectType())
                  && user.id().equals(tuple.subjectId())
                  && Objects.equals(user.relation(), tuple.subjectRelation()));
    }
  }
}
