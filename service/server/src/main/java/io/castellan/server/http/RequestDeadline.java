package io.castellan.server.http;

import io.castellan.server.service.Futures;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The request timeout. Only answers still pending when the route returns get a timer: checks,
 * answered inline, cost none (a timer per request was the largest source of GC pauses, see
 * http.conf). A late answer fails with a {@link java.util.concurrent.TimeoutException}.
 */
final class RequestDeadline {

  private final Duration timeout;

  RequestDeadline(Duration timeout) {
    this.timeout = timeout;
  }

  <T> CompletionStage<T> bound(CompletionStage<T> answer) {
    CompletableFuture<T> future = answer.toCompletableFuture();
    if (future.isDone()) {
      return future;
    }
    // a future of our own: the caller's may be a subclass that runs continuations elsewhere
    CompletableFuture<T> bounded = new CompletableFuture<>();
    future.whenComplete(Futures.completing(bounded));
    return bounded.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
