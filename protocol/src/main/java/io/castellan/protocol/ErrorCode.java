package io.castellan.protocol;

import java.util.Optional;

/**
 * Every reason a request can fail, once: the code clients see in the error body ({@code label},
 * OpenFGA's names where OpenFGA has the error), OpenFGA's numeric code where the conformance cases
 * compare one ({@code code}, 0 where there is none), and the HTTP status it is answered with. The
 * engine, the organization entity, the service and the routes all use this enum; no error code is
 * written as a string anywhere else.
 *
 * <p>Every error answer means the change was not applied, except {@link #OUTCOME_UNKNOWN}.
 */
public enum ErrorCode {
  // the request itself is wrong (400), with OpenFGA's numeric codes and names (openfga/api's
  // errors_ignore.proto)
  VALIDATION_ERROR(2000, "validation_error", 400),
  AUTHORIZATION_MODEL_NOT_FOUND(2001, "authorization_model_not_found", 400),
  RESOLUTION_TOO_COMPLEX(2002, "authorization_model_resolution_too_complex", 400),
  INVALID_CONTINUATION_TOKEN(2007, "invalid_continuation_token", 400),
  TYPE_NOT_FOUND(2021, "type_not_found", 400),
  RELATION_NOT_FOUND(2022, "relation_not_found", 400),
  INVALID_AUTHORIZATION_MODEL(2056, "invalid_authorization_model", 400),
  INVALID_TUPLE(2027, "invalid_tuple", 400),
  CANNOT_ALLOW_DUPLICATE_TUPLES(2004, "cannot_allow_duplicate_tuples_in_one_request", 400),
  WRITE_FAILED_DUE_TO_INVALID_INPUT(2017, "write_failed_due_to_invalid_input", 400),
  TYPE_DEFINITIONS_TOO_FEW_ITEMS(2045, "type_definitions_too_few_items", 400),
  EXCEEDED_ENTITY_LIMIT(2053, "exceeded_entity_limit", 400),
  // OpenFGA answers a missing model with 400 too; only a missing store is 404
  LATEST_AUTHORIZATION_MODEL_NOT_FOUND(2020, "latest_authorization_model_not_found", 400),
  INVALID_REVISION(0, "invalid_revision", 400),
  // the caller: no or a bad credential (401), not allowed (403), too many requests (429)
  UNAUTHENTICATED(0, "unauthenticated", 401),
  FORBIDDEN(0, "forbidden", 403),
  RATE_LIMITED(0, "rate_limited", 429),
  // a watch: too many subscribers, or one that reads too slowly for its buffer (resume from the
  // revision its last message names)
  TOO_MANY_SUBSCRIBERS(0, "too_many_subscribers", 429),
  WATCH_OVERFLOW(0, "watch_overflow", 429),
  STORE_ID_NOT_FOUND(5002, "store_id_not_found", 404),
  UNDEFINED_ENDPOINT(5000, "undefined_endpoint", 404),
  API_KEY_NOT_FOUND(0, "api_key_not_found", 404),
  // a user, team, project, group, role or document the management endpoints do not find
  RESOURCE_NOT_FOUND(0, "resource_not_found", 404),
  METHOD_NOT_ALLOWED(0, "method_not_allowed", 405),
  BODY_TIMEOUT(0, "body_timeout", 408),
  STORE_ALREADY_EXISTS(0, "store_already_exists", 409),
  PRECONDITION_FAILED(0, "precondition_failed", 409),
  // a user, team, project, group, role or document with that id exists already
  RESOURCE_ALREADY_EXISTS(0, "resource_already_exists", 409),
  // an undo would change tuples that a later change touched (the answer lists them; force applies)
  UNDO_CONFLICT(0, "undo_conflict", 409),
  REQUEST_TOO_LARGE(0, "request_too_large", 413),
  ANSWER_TOO_LARGE(0, "answer_too_large", 422),
  IDEMPOTENCY_KEY_REUSED(0, "idempotency_key_reused", 422),
  // ours, not the client's (5xx): retrying is safe, the change was not applied ...
  INTERNAL_ERROR(4000, "internal_error", 500),
  UNAVAILABLE(4010, "unavailable", 503),
  // the authentication hook did not answer: the request is refused (fails closed)
  AUTHENTICATION_UNAVAILABLE(0, "authentication_unavailable", 503),
  REVISION_NOT_AVAILABLE(0, "revision_not_available", 503),
  REQUEST_TIMEOUT(0, "request_timeout", 503),
  JOURNAL_UNAVAILABLE(0, "journal_unavailable", 503),
  DEADLINE_EXCEEDED(0, "deadline_exceeded", 503),
  // ... except here: the journal write was in flight when it failed or the time ran out
  OUTCOME_UNKNOWN(0, "outcome_unknown", 504);

  /** OpenFGA's numeric code, or 0. */
  public final int code;

  /** The code in the error body. */
  public final String label;

  public final int httpStatus;

  ErrorCode(int code, String label, int httpStatus) {
    this.code = code;
    this.label = label;
    this.httpStatus = httpStatus;
  }

  /** The code an error body names, if it is one of ours. */
  public static Optional<ErrorCode> ofLabel(String label) {
    for (ErrorCode code : values()) {
      if (code.label.equals(label)) {
        return Optional.of(code);
      }
    }
    return Optional.empty();
  }
}
