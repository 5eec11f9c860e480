package io.castellan.benchmarks;

import io.castellan.engine.store.TupleStore;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Retained heap per tuple: heap in use after full collections with a generated store held, minus
 * the heap in use before it was built, divided by the tuple count. Run it with a fixed heap, e.g.
 * {@code java -Xms4g -Xmx4g -cp benchmarks.jar io.castellan.benchmarks.HeapFootprint 1000000}.
 */
public final class HeapFootprint {

  private HeapFootprint() {}

  public static void main(String[] args) throws InterruptedException {
    int[] sizes =
        args.length == 0
            ? new int[] {10_000, 100_000, 1_000_000}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    GeneratedOrganization.of(1000); // load and initialise the classes before measuring
    for (int size : sizes) {
      long before = usedAfterGc();
      TupleStore store = GeneratedOrganization.of(size).store;
      long after = usedAfterGc();
      System.out.printf(
          "%,d tuples: %,d bytes retained, %.1f bytes per tuple%n",
          store.size(), after - before, (after - before) / (double) store.size());
      store = null;
    }
  }

  /**
   * Heap in use after full collections (the least of five, so a late collection is not counted).
   */
  static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
