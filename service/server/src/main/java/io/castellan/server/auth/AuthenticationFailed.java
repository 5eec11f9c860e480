package io.castellan.server.auth;

import io.castellan.protocol.ErrorCode;
import io.castellan.server.service.ServiceException;

/**
 * A request without a usable credential: 401 {@code unauthenticated}. The message says what a
 * client needs (a credential is missing, or the one given is not accepted), never which check
 * failed; {@code detail} says that for the server's log.
 */
public final class AuthenticationFailed extends ServiceException {

  private final String detail;

  AuthenticationFailed(String message, String detail) {
    super(ErrorCode.UNAUTHENTICATED, message);
    this.detail = detail;
  }

  static AuthenticationFailed missing() {
    return new AuthenticationFailed(
        "a credential is required: 'Authorization: Bearer <token or key>'", "no credential");
  }

  static AuthenticationFailed rejected(String detail) {
    return new AuthenticationFailed("the credential is not accepted", detail);
  }

  /** Why it failed, for the log (never the credential). */
  public String detail() {
    return detail;
  }
}
