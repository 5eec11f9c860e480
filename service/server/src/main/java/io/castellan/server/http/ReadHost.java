package io.castellan.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.protocol.ErrorCode;
import io.castellan.server.async.Failures;
import io.castellan.server.service.OrganizationElsewhere;
import io.castellan.server.service.ServiceException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One per node, at {@link #PATH}: answers the reads other nodes forward here for the organizations
 * this node hosts, from the same in-memory state and code as a read that arrived here over HTTP.
 * The actor only hands each read to {@code executor}, so forwarded reads run in parallel. It never
 * forwards again: for an organization that runs elsewhere it replies {@link
 * ForwardedAnswer#notHosted}.
 */
final class ReadHost {

  static final String NAME = "read-host";

  /** Where a node's read host is, under the node's address. */
  static final String PATH = "/system/" + NAME;

  private ReadHost() {}

  /**
   * {@code reads}: answers from this node only (its service never forwards); answers are sent back
   * rendered, and refused past {@code maxAnswerBytes}.
   */
  static Behavior<ForwardedRead> create(
      ReadRouting reads,
      ApiErrors errors,
      ObjectMapper mapper,
      long maxAnswerBytes,
      Executor executor) {
    return Behaviors.receiveMessage(
        read -> {
          CompletableFuture.supplyAsync(
                  () ->
                      reads.answerHere(
                          read.operation(), read.organizationId(), read.body(), read.nativeShape()),
                  executor)
              .thenCompose(Function.identity())
              .thenApply(result -> rendered(result, errors, mapper, maxAnswerBytes))
              .handle(
                  (result, failure) ->
                      failure == null
                          ? ForwardedAnswer.of(read.id(), result)
                          : Failures.cause(failure) instanceof OrganizationElsewhere
                              ? ForwardedAnswer.notHosted(read.id())
                              : ForwardedAnswer.of(read.id(), errors.result(failure)))
              .thenAccept(read.replyTo()::tell);
          return Behaviors.same();
        });
  }

  /** The answer as it travels back: rendered, or refused (422) past {@code maxAnswerBytes}. */
  static ApiResult rendered(
      ApiResult result, ApiErrors errors, ObjectMapper mapper, long maxAnswerBytes) {
    try {
      byte[] bytes =
          result.rendered() != null ? result.rendered() : mapper.writeValueAsBytes(result.body());
      if (bytes.length > maxAnswerBytes) {
        return errors.result(
            new ServiceException(
                ErrorCode.ANSWER_TOO_LARGE,
                "the answer ("
                    + bytes.length
                    + " bytes) is larger than a read forwarded between nodes may carry ("
                    + maxAnswerBytes
                    + "); narrow the request"));
      }
      return new ApiResult(result.status(), null, bytes, result.revision());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
