package io.castellan.server.http.request;

/** A request body or parameter that cannot be understood: answered 400 {@code validation_error}. */
public final class BadRequest extends RuntimeException {

  public BadRequest(String message) {
    super(message, null, false, false);
  }
}
