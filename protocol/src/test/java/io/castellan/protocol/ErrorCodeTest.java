package io.castellan.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

  @Test
  void everyLabelNamesOneCode() {
    assertEquals(
        ErrorCode.values().length,
        Arrays.stream(ErrorCode.values()).map(code -> code.label).distinct().count());
  }

  @Test
  void aLabelReadsBackAsItsCode() {
    for (ErrorCode code : ErrorCode.values()) {
      assertEquals(Optional.of(code), ErrorCode.ofLabel(code.label));
    }
    assertEquals(Optional.empty(), ErrorCode.ofLabel("no_such_code"));
  }

  @Test
  void codesOpenFgaHasCarryItsNamesAndNumbers() {
    // openfga/api errors_ignore.proto: clients of OpenFGA match on these
    assertEquals(
        "2004 cannot_allow_duplicate_tuples_in_one_request",
        openFga(ErrorCode.CANNOT_ALLOW_DUPLICATE_TUPLES));
    assertEquals(
        "2017 write_failed_due_to_invalid_input",
        openFga(ErrorCode.WRITE_FAILED_DUE_TO_INVALID_INPUT));
    assertEquals(
        "2020 latest_authorization_model_not_found",
        openFga(ErrorCode.LATEST_AUTHORIZATION_MODEL_NOT_FOUND));
    assertEquals(
        "2056 invalid_authorization_model", openFga(ErrorCode.INVALID_AUTHORIZATION_MODEL));
    assertEquals("5002 store_id_not_found", openFga(ErrorCode.STORE_ID_NOT_FOUND));
    assertEquals("2000 validation_error", openFga(ErrorCode.VALIDATION_ERROR));
  }

  private static String openFga(ErrorCode code) {
    return code.code + " " + code.label;
  }

  @Test
  void onlyFaultsOfOursAre5xx() {
    for (ErrorCode code : ErrorCode.values()) {
      boolean ours =
          code == ErrorCode.INTERNAL_ERROR
              || code == ErrorCode.UNAVAILABLE
              || code == ErrorCode.REVISION_NOT_AVAILABLE
              || code == ErrorCode.REQUEST_TIMEOUT
              || code == ErrorCode.JOURNAL_UNAVAILABLE
              || code == ErrorCode.DEADLINE_EXCEEDED
              || code == ErrorCode.AUTHENTICATION_UNAVAILABLE
              || code == ErrorCode.OUTCOME_UNKNOWN;
      assertEquals(ours, code.httpStatus >= 500, code.label);
      assertTrue(code.httpStatus >= 400 && code.httpStatus < 600, code.label);
    }
  }
}
