package io.castellan.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ContinuationTokenTest {

  private static final String READ_ACME =
      ContinuationToken.query("read", "acme", "document:1|viewer");

  @Test
  void aTokenResumesItsQueryAtItsPosition() {
    String token = ContinuationToken.encode(READ_ACME, "document:1#viewer@user:anne");
    assertEquals("document:1#viewer@user:anne", ContinuationToken.position(token, READ_ACME));
  }

  @Test
  void noTokenIsTheFirstPage() {
    assertNull(ContinuationToken.position(null, READ_ACME));
    assertNull(ContinuationToken.position("", READ_ACME));
  }

  @Test
  void aTokenOfAnotherOrganizationIsRefused() {
    String token =
        ContinuationToken.encode(
            ContinuationToken.query("read", "other", "document:1|viewer"), "x");
    assertThrows(
        ContinuationToken.Invalid.class, () -> ContinuationToken.position(token, READ_ACME));
  }

  @Test
  void aTokenOfAnotherQueryIsRefused() {
    String token = ContinuationToken.encode(ContinuationToken.query("changes", "acme", null), "7");
    assertThrows(
        ContinuationToken.Invalid.class, () -> ContinuationToken.position(token, READ_ACME));
  }

  @Test
  void aMadeUpTokenIsRefused() {
    assertThrows(
        ContinuationToken.Invalid.class, () -> ContinuationToken.position("c7", READ_ACME));
    assertThrows(
        ContinuationToken.Invalid.class,
        () -> ContinuationToken.position("not base64!", READ_ACME));
  }

  @Test
  void partsAreNotConfusedByWhereTheySplit() {
    assertThrows(
        ContinuationToken.Invalid.class,
        () ->
            ContinuationToken.position(
                ContinuationToken.encode(ContinuationToken.query("ab", "c"), "1"),
                ContinuationToken.query("a", "bc")));
  }
}
