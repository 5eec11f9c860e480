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
  void onlyFaultsOfOursAre5xx() {
    for (ErrorCode code : ErrorCode.values()) {
      boolean ours =
          code == ErrorCode.INTERNAL_ERROR
              || code == ErrorCode.UNAVAILABLE
              || code == ErrorCode.REVISION_NOT_AVAILABLE
              || code == ErrorCode.REQUEST_TIMEOUT
              || code == ErrorCode.JOURNAL_UNAVAILABLE
              || code == ErrorCode.DEADLINE_EXCEEDED
              || code == ErrorCode.OUTCOME_UNKNOWN;
      assertEquals(ours, code.httpStatus >= 500, code.label);
      assertTrue(code.httpStatus >= 400 && code.httpStatus < 600, code.label);
    }
  }
}
