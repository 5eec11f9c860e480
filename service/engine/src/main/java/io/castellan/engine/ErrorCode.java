package io.castellan.engine;

/**
 * Why a request failed, with the numeric codes OpenFGA uses so that its clients and its
 * conformance cases can compare them.
 */
public enum ErrorCode {
  VALIDATION_ERROR(2000, "validation_error"),
  AUTHORIZATION_MODEL_NOT_FOUND(2001, "authorization_model_not_found"),
  RESOLUTION_TOO_COMPLEX(2002, "authorization_model_resolution_too_complex"),
  INVALID_CONTINUATION_TOKEN(2007, "invalid_continuation_token"),
  TYPE_NOT_FOUND(2021, "type_not_found"),
  RELATION_NOT_FOUND(2022, "relation_not_found"),
  INVALID_AUTHORIZATION_MODEL(2016, "invalid_authorization_model"),
  INVALID_TUPLE(2027, "invalid_tuple"),
  CANNOT_ALLOW_DUPLICATE_TUPLES(2017, "cannot_allow_duplicate_tuples_into_one_request"),
  WRITE_FAILED_DUE_TO_INVALID_INPUT(2020, "write_failed_due_to_invalid_input"),
  TYPE_DEFINITIONS_TOO_FEW_ITEMS(2045, "type_definitions_too_few_items"),
  EXCEEDED_ENTITY_LIMIT(2053, "exceeded_entity_limit");

  public final int code;
  public final String label;

  ErrorCode(int code, String label) {
    this.code = code;
    this.label = label;
  }
}
