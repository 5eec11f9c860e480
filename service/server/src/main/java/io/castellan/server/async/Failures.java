package io.castellan.server.async;

import java.util.concurrent.CompletionException;

/** Asynchronous failures arrive wrapped in {@link CompletionException}s; this finds what failed. */
public final class Failures {

  private Failures() {}

  public static Throwable cause(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
