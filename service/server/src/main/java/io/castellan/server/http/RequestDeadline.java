package io.castellan.server.http;

import io.castellan.server.async.Futures;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The request timeout. Only answers still pending when the route returns get a timer: checks,
 * answered inline, cost none (a timer per request was the largest source of GC pauses, see
 * http.conf). Past the timeout the request gets the timeout answer instead.
 */
final class RequestDeadline {

  private final Duration timeout;
  private final Executor executor;

  /** {@code executor}: where answers from futures other than plain CompletableFutures continue. */
  RequestDeadline(Duration timeout, Executor executor) {
    this.timeout = timeout;
    this.executor = executor;
  }

  Duration timeout() {
    return timeout;
  }

  <T> CompletionStage<T> bound(CompletionStage<T> answer, T timedOut) {
    CompletableFuture<T> future = answer.toCompletableFuture();
    if (future.isDone() && future.getClass() == CompletableFuture.class) {
      return future;
    }
    // a plain future of our own: subclasses (Scala's, from Pekko) run continuations on the common
    // pool, which on 2 cores starts a thread per task
    CompletableFuture<T> bounded = new CompletableFuture<>();
    if (future.getClass() == CompletableFuture.class) {
      future.whenComplete(Futures.completing(bounded));
    } else {
      future.whenCompleteAsync(Futures.completing(bounded), executor);
    }
    return future.isDone()
        ? bounded
        : bounded.completeOnTimeout(timedOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
