package io.castellan.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.protocol.ErrorCode;
import io.castellan.server.forwarding.HostedReads;
import io.castellan.server.forwarding.ReadOperation;
import io.castellan.server.forwarding.RenderedAnswer;
import io.castellan.server.organization.Caller;
import io.castellan.server.service.OrganizationService;
import io.castellan.server.service.ServiceException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The reads other nodes forward here, answered from this node's memory by the same code as reads
 * that arrive over HTTP, and rendered as this node would send them; never forwarded again.
 */
final class LocalReads implements HostedReads {

  private final OrganizationService organizations;
  private final ReadRouting routing;
  private final ApiErrors errors;
  private final ObjectMapper mapper;
  private final long maxAnswerBytes;

  /** Answers larger than {@code maxAnswerBytes} are refused (422): they would not travel. */
  LocalReads(
      OrganizationService organizations,
      ReadRouting routing,
      ApiErrors errors,
      ObjectMapper mapper,
      long maxAnswerBytes) {
    this.organizations = organizations;
    this.routing = routing;
    this.errors = errors;
    this.mapper = mapper;
    this.maxAnswerBytes = maxAnswerBytes;
  }

  @Override
  public CompletionStage<Optional<RenderedAnswer>> answerIfHosted(
      ReadOperation operation,
      String organizationId,
      byte[] body,
      boolean nativeShape,
      Caller caller) {
    CompletionStage<Optional<RenderedAnswer>> answer;
    try {
      PreparedRead read = routing.prepare(operation, organizationId, body, nativeShape);
      answer =
          organizations
              .locate(organizationId, read.consistency(), read.minRevision())
              .thenCompose(
                  found ->
                      found.fold(
                          state ->
                              routing
                                  .evaluate(read, state, caller)
                                  .thenApply(this::rendered)
                                  .thenApply(Optional::of),
                          host -> CompletableFuture.completedFuture(Optional.empty())));
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return answer.exceptionally(failure -> Optional.of(rendered(errors.result(failure))));
  }

  private RenderedAnswer rendered(ApiResult result) {
    return rendered(result, errors, mapper, maxAnswerBytes);
  }

  /** The answer as it travels back: rendered, or refused (422) past {@code maxAnswerBytes}. */
  static RenderedAnswer rendered(
      ApiResult result, ApiErrors errors, ObjectMapper mapper, long maxAnswerBytes) {
    byte[] bytes = bytes(result, mapper);
    if (bytes.length > maxAnswerBytes) {
      ApiResult refusal =
          errors.result(
              new ServiceException(
                  ErrorCode.ANSWER_TOO_LARGE,
                  "the answer ("
                      + bytes.length
                      + " bytes) is larger than a read forwarded between nodes may carry ("
                      + maxAnswerBytes
                      + "); narrow the request"));
      return new RenderedAnswer(refusal.status(), bytes(refusal, mapper), refusal.revision());
    }
    return new RenderedAnswer(result.status(), bytes, result.revision());
  }

  private static byte[] bytes(ApiResult result, ObjectMapper mapper) {
    try {
      return result.rendered() != null
          ? result.rendered()
          : mapper.writeValueAsBytes(result.body());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
