package io.castellan.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.castellan.protocol.ErrorCode;
import io.castellan.server.watch.WatchMessage;
import org.junit.jupiter.api.Test;

class WatchSocketTest {

  @Test
  void anOverflowClosesWith4429AndTheRevisionToResumeFrom() {
    WatchMessage overflow = new WatchMessage.Failure(ErrorCode.WATCH_OVERFLOW, "too slow", 41);
    assertEquals(4429, WatchSocket.closeCode(overflow));
    assertEquals("watch_overflow since=r41", WatchSocket.closeReason(overflow));
  }

  @Test
  void aFailureOfOursClosesWith4000PlusItsStatus() {
    WatchMessage failure = new WatchMessage.Failure(ErrorCode.UNAVAILABLE, "journal down", 7);
    assertEquals(4503, WatchSocket.closeCode(failure));
  }

  @Test
  void aDeletedOrganizationClosesNormallyWithItsLastRevision() {
    WatchMessage closed = new WatchMessage.Closed(12, "the organization was deleted");
    assertEquals(1000, WatchSocket.closeCode(closed));
    assertEquals("closed revision=r12", WatchSocket.closeReason(closed));
  }

  @Test
  void noFramePassesAfterACloseFrame() {
    WatchSocket.NothingAfterClose filter = new WatchSocket.NothingAfterClose();
    assertTrue(filter.pass(WatchSocket.textFrame("{\"type\":\"change\"}")));
    assertTrue(filter.pass(WatchSocket.closeFrameFor(new WatchMessage.Closed(3, "deleted"))));
    assertFalse(filter.pass(WatchSocket.textFrame("{\"type\":\"change\"}")));
  }
}
