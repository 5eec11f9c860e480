package io.castellan.server.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.castellan.protocol.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchStreamTest {

  @Test
  void aBatchEndsWithItsFirstMessageAfterWhichTheStreamEnds() {
    WatchMessage closed = new WatchMessage.Closed(7, "the organization was deleted");
    List<WatchMessage> batch =
        List.of(
            new WatchMessage.Heartbeat(6),
            closed,
            new WatchMessage.Failure(ErrorCode.UNAVAILABLE, "after the end"));

    assertEquals(List.of(new WatchMessage.Heartbeat(6), closed), WatchStream.throughLast(batch));
  }

  @Test
  void aBatchWithoutAnEndIsKeptWhole() {
    List<WatchMessage> batch =
        List.of(new WatchMessage.Heartbeat(6), new WatchMessage.Heartbeat(7));

    assertSame(batch, WatchStream.throughLast(batch));
  }
}
