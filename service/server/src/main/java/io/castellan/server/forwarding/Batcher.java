package io.castellan.server.forwarding;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Sends items to one destination in batches, without waiting to fill them: the first item schedules
 * a send on {@code executor}, and whatever has queued by the time it runs goes in one message. An
 * idle destination gets each item alone at once; a busy one gets fewer, fuller messages, so the
 * per-message cost of remoting (envelope, stream stages, frame) is shared by the items of a batch.
 * A batch holds at most {@code maxItems} items and, past its first item, at most {@code maxBytes}
 * of them by {@code size}: a large item travels alone rather than making a frame too large.
 *
 * <p>Written here rather than with a stream's {@code batch} stage: a stream per destination would
 * need materializing and tearing down as nodes come and go, for what is a queue and a flag.
 */
final class Batcher<T> {

  private final Queue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Executor executor;
  private final Consumer<List<T>> send;
  private final ToIntFunction<T> size;
  private final int maxItems;
  private final int maxBytes;
  private T carried; // the item that did not fit the last batch: the next one starts with it

  Batcher(
      Executor executor,
      Consumer<List<T>> send,
      ToIntFunction<T> size,
      int maxItems,
      int maxBytes) {
    this.executor = executor;
    this.send = send;
    this.size = size;
    this.maxItems = maxItems;
    this.maxBytes = maxBytes;
  }

  void add(T item) {
    queue.add(item);
    if (scheduled.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    do {
      List<T> batch = new ArrayList<>();
      long bytes = 0;
      while (batch.size() < maxItems) {
        T next = carried != null ? carried : queue.poll();
        carried = null;
        if (next == null) {
          break;
        }
        int itemBytes = size.applyAsInt(next);
        if (!batch.isEmpty() && bytes + itemBytes > maxBytes) {
          carried = next;
          break;
        }
        batch.add(next);
        bytes += itemBytes;
      }
      if (batch.isEmpty()) {
        scheduled.set(false);
        // an item added after the poll above but before the flag was cleared would wait for the
        // next add: drain again if one did
        if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
          return;
        }
      } else {
        send.accept(batch);
      }
    } while (true);
  }
}
