package io.castellan.server.http;

/** A request body or parameter that cannot be understood: answered 400 {@code validation_error}. */
final class BadRequest extends RuntimeException {

  BadRequest(String message) {
    super(message, null, false, false);
  }
}
