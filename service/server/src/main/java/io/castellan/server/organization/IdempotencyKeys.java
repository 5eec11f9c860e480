package io.castellan.server.organization;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;
import org.pcollections.TreePMap;

/**
 * The idempotency keys of an organization's recent keyed changes, rebuilt from the journal on
 * recovery (each keyed event carries its key), so a retried write is recognised after a restart or
 * a move to another node. Persistent maps: each state version shares all but the changed path with
 * the one before, as the tuple store does.
 */
public final class IdempotencyKeys {

  /**
   * How long a key is remembered, and at most how many per organization (memory stays bounded when
   * every write carries a key); the older ones are forgotten first.
   */
  public record Retention(Duration window, int maxKeys) {
    public static final Retention DEFAULT = new Retention(Duration.ofHours(24), 100_000);
  }

  /** One keyed change as journaled: what it asked for, and what it was answered. */
  public record Entry(
      String key, String fingerprint, long revision, String modelId, Instant time) {}

  public static final IdempotencyKeys EMPTY =
      new IdempotencyKeys(HashTreePMap.empty(), TreePMap.empty());

  private final PMap<String, Entry> byKey;
  private final TreePMap<Long, String> byRevision; // oldest first

  private IdempotencyKeys(PMap<String, Entry> byKey, TreePMap<Long, String> byRevision) {
    this.byKey = byKey;
    this.byRevision = byRevision;
  }

  /** The change journaled with {@code key} within {@code window} before {@code now}, or null. */
  public Entry find(String key, Instant now, Duration window) {
    Entry entry = byKey.get(key);
    return entry != null && !entry.time().isBefore(now.minus(window)) ? entry : null;
  }

  /** With {@code entry} added, and keys past the retention (by the entry's time) forgotten. */
  IdempotencyKeys with(Entry entry, Retention retention) {
    PMap<String, Entry> keys = byKey.plus(entry.key(), entry);
    TreePMap<Long, String> order = byRevision.plus(entry.revision(), entry.key());
    Instant oldest = entry.time().minus(retention.window());
    while (!order.isEmpty()) {
      Map.Entry<Long, String> first = order.firstEntry();
      Entry remembered = keys.get(first.getValue());
      boolean superseded = remembered == null || remembered.revision() != first.getKey();
      if (!superseded
          && !remembered.time().isBefore(oldest)
          && order.size() <= retention.maxKeys()) {
        break;
      }
      if (!superseded) {
        keys = keys.minus(first.getValue());
      }
      order = order.minusFirstEntry();
    }
    return new IdempotencyKeys(keys, order);
  }

  /** Every remembered entry, oldest first (the snapshot form). */
  public List<Entry> entries() {
    List<Entry> entries = new ArrayList<>(byRevision.size());
    for (Map.Entry<Long, String> position : byRevision.entrySet()) {
      Entry entry = byKey.get(position.getValue());
      if (entry != null && entry.revision() == position.getKey()) {
        entries.add(entry);
      }
    }
    return entries;
  }

  public int size() {
    return byKey.size();
  }
}
