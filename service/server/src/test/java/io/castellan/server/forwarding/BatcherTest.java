package io.castellan.server.forwarding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** How items queued for one destination are grouped into messages. */
class BatcherTest {

  /** Runs what is scheduled only when told, so a test decides what has queued by then. */
  private static final class Manual implements Executor {
    final List<Runnable> scheduled = new ArrayList<>();

    @Override
    public void execute(Runnable task) {
      scheduled.add(task);
    }

    void runAll() {
      while (!scheduled.isEmpty()) {
        scheduled.remove(0).run();
      }
    }
  }

  @Test
  void whatQueuedBeforeTheSendRanGoesInOneMessage() {
    Manual executor = new Manual();
    List<List<String>> sent = new ArrayList<>();
    Batcher<String> batcher = new Batcher<>(executor, sent::add, String::length, 64, 1_000);
    batcher.add("a");
    batcher.add("b");
    batcher.add("c");
    assertEquals(1, executor.scheduled.size(), "one send scheduled for the three");
    executor.runAll();
    assertEquals(List.of(List.of("a", "b", "c")), sent);
  }

  @Test
  void anItemAfterASendIsSentAgainAtOnce() {
    Manual executor = new Manual();
    List<List<String>> sent = new ArrayList<>();
    Batcher<String> batcher = new Batcher<>(executor, sent::add, String::length, 64, 1_000);
    batcher.add("a");
    executor.runAll();
    batcher.add("b");
    executor.runAll();
    assertEquals(List.of(List.of("a"), List.of("b")), sent);
  }

  @Test
  void aBatchStopsAtItsItemAndByteLimitsAndALargeItemTravelsAlone() {
    Manual executor = new Manual();
    List<List<String>> sent = new ArrayList<>();
    Batcher<String> batcher = new Batcher<>(executor, sent::add, String::length, 2, 5);
    for (String item : List.of("a", "b", "c", "dddddddd", "e")) {
      batcher.add(item);
    }
    executor.runAll();
    assertEquals(List.of(List.of("a", "b"), List.of("c"), List.of("dddddddd"), List.of("e")), sent);
  }
}
