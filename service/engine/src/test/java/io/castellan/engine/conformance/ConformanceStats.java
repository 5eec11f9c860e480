package io.castellan.engine.conformance;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Passed and total assertions per feature, printed at the end of a conformance run. */
public final class ConformanceStats {

  private final Map<String, AtomicInteger[]> counts = new ConcurrentHashMap<>();

  void record(String feature, boolean passed) {
    AtomicInteger[] pair =
        counts.computeIfAbsent(
            feature, f -> new AtomicInteger[] {new AtomicInteger(), new AtomicInteger()});
    if (passed) {
      pair[0].incrementAndGet();
    }
    pair[1].incrementAndGet();
  }

  public String report(String title) {
    StringBuilder out = new StringBuilder(title).append('\n');
    new TreeMap<>(counts)
        .forEach(
            (feature, pair) ->
                out.append(
                    String.format(
                        "  %-22s %5d / %5d passed%n", feature, pair[0].get(), pair[1].get())));
    return out.toString();
  }
}
