package io.castellan.server.async;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/** Moving an outcome from one future to another (a plain one, on a thread of our choosing). */
public final class Futures {

  private Futures() {}

  /** A callback that completes {@code target} as the future it is attached to completed. */
  public static <T> BiConsumer<T, Throwable> completing(CompletableFuture<T> target) {
    return (value, failure) -> {
      if (failure == null) {
        target.complete(value);
      } else {
        target.completeExceptionally(failure);
      }
    };
  }
}
