package io.castellan.server.organization;

import io.castellan.engine.ErrorCode;

/**
 * A refusal from the organization, carried in a {@code StatusReply} error as {@code [code] message}
 * so that it crosses nodes as plain text and the HTTP layer can still map the code to a status.
 */
public record OrganizationError(String code, String message) {

  public static final String NOT_FOUND = "store_id_not_found";
  public static final String ALREADY_EXISTS = "store_already_exists";
  public static final String MODEL_NOT_FOUND = ErrorCode.AUTHORIZATION_MODEL_NOT_FOUND.label;
  public static final String LATEST_MODEL_NOT_FOUND = "latest_authorization_model_not_found";
  public static final String INVALID_WRITE = ErrorCode.WRITE_FAILED_DUE_TO_INVALID_INPUT.label;
  public static final String DUPLICATE_IN_REQUEST = ErrorCode.CANNOT_ALLOW_DUPLICATE_TUPLES.label;
  public static final String PRECONDITION_FAILED = "precondition_failed";
  public static final String VALIDATION = ErrorCode.VALIDATION_ERROR.label;
  /** The journal write was in flight when it failed or the time ran out: it may or may not be applied. */
  public static final String OUTCOME_UNKNOWN = "outcome_unknown";
  /** The journal does not answer; the change was not applied. */
  public static final String JOURNAL_UNAVAILABLE = "journal_unavailable";
  /** The organization could not start the change before its caller's deadline; it was not applied. */
  public static final String DEADLINE_EXCEEDED = "deadline_exceeded";
  /** An idempotency key already used by a write with a different body; nothing was applied. */
  public static final String IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused";

  /** The refusal for a model a request names ({@code modelId}), or for no model at all (null). */
  public static OrganizationError modelNotFound(String modelId) {
    return modelId == null
        ? new OrganizationError(LATEST_MODEL_NOT_FOUND, "the organization has no authorization model yet")
        : new OrganizationError(MODEL_NOT_FOUND, "authorization model '" + modelId + "' not found");
  }

  public String encode() {
    return "[" + code + "] " + message;
  }

  /** Reads an encoded error; text that is not one becomes an internal error. */
  public static OrganizationError decode(String text) {
    int end = text == null ? -1 : text.indexOf("] ");
    if (text == null || !text.startsWith("[") || end < 0) {
      return new OrganizationError("internal_error", String.valueOf(text));
    }
    return new OrganizationError(text.substring(1, end), text.substring(end + 2));
  }
}
