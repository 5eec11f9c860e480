package io.castellan.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.engine.store.TupleStore;
import io.castellan.protocol.Consistency;
import io.castellan.protocol.ContinuationToken;
import io.castellan.protocol.ErrorCode;
import io.castellan.protocol.RevisionToken;
import io.castellan.protocol.Scope;
import io.castellan.server.http.request.ExportBody;
import io.castellan.server.service.ServiceException;
import java.util.concurrent.CompletableFuture;

/**
 * An organization's tuples, all of them, a page at a time ({@code POST /v1/orgs/{org}/export}):
 * unlike a read, whose pages are sorted and each costs a pass over the tuples, an export walks the
 * store's partitions ({@link TupleStore#visitPartitions}), so a page costs only its own tuples and
 * millions export in one pass. A page ends inside a partition larger than it, and the next resumes
 * there by position. A tuple that stays through the export is in it once, unless tuples of its
 * partition before it are deleted while the export is inside that partition; one written or deleted
 * meanwhile may or may not be.
 */
final class ExportApi {

  private final ObjectMapper mapper;
  private final AnswerJson answers;

  ExportApi(ObjectMapper mapper) {
    this.mapper = mapper;
    this.answers = new AnswerJson(mapper);
  }

  /** A token's partition and offset; a token that is not one of this export is refused. */
  private static int[] position(String token, String query) {
    try {
      String position = ContinuationToken.position(token, query);
      if (position == null) {
        return new int[] {0, 0};
      }
      int colon = position.indexOf(':');
      int partition = Integer.parseInt(position.substring(0, colon));
      int offset = Integer.parseInt(position.substring(colon + 1));
      if (partition >= 0 && partition <= TupleStore.PARTITIONS && offset >= 0) {
        return new int[] {partition, offset};
      }
    } catch (RuntimeException e) { // not ours (ContinuationToken.Invalid), or not a position
      // refused below
    }
    throw new ServiceException(
        ErrorCode.INVALID_CONTINUATION_TOKEN, "the continuation token is not one of this export");
  }

  PreparedRead page(ExportBody body) {
    int size = body.size();
    String token = body.token();
    return new PreparedRead(
        Scope.READ,
        Consistency.MINIMIZE_LATENCY,
        0,
        null,
        (state, caller) -> {
          String query = ContinuationToken.query("export", state.id());
          int[] at = position(token, query); // partition, and tuples of it already sent
          ObjectNode out = mapper.createObjectNode();
          ArrayNode tuples = out.putArray("tuples");
          int partition = at[0];
          int offset = at[1];
          while (partition < TupleStore.PARTITIONS && tuples.size() < size) {
            int[] seen = {0};
            int skip = offset;
            boolean whole =
                state
                    .tuples()
                    .visitPartitions(
                        partition,
                        partition + 1,
                        tuple -> {
                          if (seen[0]++ < skip) {
                            return true;
                          }
                          tuples.add(answers.tuple(tuple));
                          return tuples.size() < size;
                        });
            if (whole) {
              partition++;
              offset = 0;
            } else { // a page ends inside a large partition: the next resumes there
              offset = seen[0];
            }
          }
          out.put(
              "continuation_token",
              partition < TupleStore.PARTITIONS
                  ? ContinuationToken.encode(query, partition + ":" + offset)
                  : "");
          out.put("revision", RevisionToken.of(state.revision()));
          return CompletableFuture.completedFuture(ApiResult.ok(out, state.revision()));
        });
  }
}
