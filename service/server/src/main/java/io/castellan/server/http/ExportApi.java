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
 * millions export in one pass. A tuple that stays through the export is in it once; one written or
 * deleted meanwhile may or may not be.
 */
final class ExportApi {

  private final ObjectMapper mapper;
  private final AnswerJson answers;

  ExportApi(ObjectMapper mapper) {
    this.mapper = mapper;
    this.answers = new AnswerJson(mapper);
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
          int from;
          try {
            String position = ContinuationToken.position(token, query);
            from = position == null ? 0 : Integer.parseInt(position);
          } catch (ContinuationToken.Invalid | NumberFormatException e) {
            throw new ServiceException(
                ErrorCode.INVALID_CONTINUATION_TOKEN,
                "the continuation token is not one of this export");
          }
          ObjectNode out = mapper.createObjectNode();
          ArrayNode tuples = out.putArray("tuples");
          int partition = from;
          while (partition < TupleStore.PARTITIONS && tuples.size() < size) {
            state
                .tuples()
                .visitPartitions(
                    partition, partition + 1, tuple -> tuples.add(answers.tuple(tuple)) != null);
            partition++;
          }
          out.put(
              "continuation_token",
              partition < TupleStore.PARTITIONS
                  ? ContinuationToken.encode(query, Integer.toString(partition))
                  : "");
          out.put("revision", RevisionToken.of(state.revision()));
          return CompletableFuture.completedFuture(ApiResult.ok(out, state.revision()));
        });
  }
}
