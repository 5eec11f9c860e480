package io.castellan.server.read;

import io.castellan.server.organization.OrganizationState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest state of each organization hosted on this node, published by the entity after every
 * persisted change. Reads take it from here, so they never queue behind writes in the entity's
 * mailbox; a read that must be at least as fresh as a revision waits here until it is published.
 */
public final class SnapshotRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotRegistry.class);

  private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
  private final Executor readers;
  private final Listener listener;

  /**
   * Told of each state published and of each organization withdrawn, on the entity's thread: it
   * must be quick. (Time travel keeps a few recent states of the organizations hosted here.)
   */
  public interface Listener {
    Listener NONE =
        new Listener() {
          @Override
          public void published(OrganizationState previous, OrganizationState state) {}

          @Override
          public void withdrawn(String organizationId) {}
        };

    /** {@code state} replaces {@code previous} (null: the first since the organization started). */
    void published(OrganizationState previous, OrganizationState state);

    void withdrawn(String organizationId);
  }

  /**
   * {@code readers}: where waiting reads continue, so that they never run on the entity's thread.
   */
  public SnapshotRegistry(Executor readers) {
    this(readers, Listener.NONE);
  }

  public SnapshotRegistry(Executor readers, Listener listener) {
    this.readers = readers;
    this.listener = listener;
  }

  private static final class Slot {
    volatile OrganizationState state;
    // when it was last published or read (System.nanoTime): how long it has been idle
    volatile long touched = System.nanoTime();
    final List<Waiter> waiters = new ArrayList<>();
  }

  private record Waiter(long revision, CompletableFuture<OrganizationState> future) {}

  /** Called by the organization entity (on its own thread) with each new state; by nothing else. */
  public void publish(OrganizationState state) {
    Slot slot = slots.computeIfAbsent(state.id(), id -> new Slot());
    OrganizationState previous = slot.state;
    slot.state = state;
    slot.touched = System.nanoTime();
    try { // the change is journaled: nothing a listener does may fail its answer
      listener.published(previous, state);
    } catch (RuntimeException e) {
      LOG.warn("a listener of {}'s states failed", state.id(), e);
    }
    List<Waiter> ready = new ArrayList<>();
    synchronized (slot.waiters) {
      Iterator<Waiter> pending = slot.waiters.iterator();
      while (pending.hasNext()) {
        Waiter waiter = pending.next();
        if (waiter.revision() <= state.revision()) {
          ready.add(waiter);
          pending.remove();
        }
      }
    }
    for (Waiter waiter : ready) {
      readers.execute(() -> waiter.future().complete(state));
    }
  }

  /** Called by the organization entity when it stops on this node (rebalancing, shutdown). */
  public void withdraw(String organizationId) {
    slots.remove(organizationId);
    try {
      listener.withdrawn(organizationId);
    } catch (RuntimeException e) {
      LOG.warn("a listener of {}'s states failed", organizationId, e);
    }
  }

  /** The newest revision of every organization hosted here. */
  public Map<String, Long> revisions() {
    Map<String, Long> revisions = new HashMap<>();
    slots.forEach(
        (id, slot) -> {
          OrganizationState state = slot.state;
          if (state != null) {
            revisions.put(id, state.revision());
          }
        });
    return revisions;
  }

  /** How many organizations this node hosts (publishes states of) now. */
  public int size() {
    return slots.size();
  }

  /** The newest published state, or null when the organization is not hosted here (yet). */
  public OrganizationState current(String organizationId) {
    Slot slot = slots.get(organizationId);
    if (slot == null) {
      return null;
    }
    long now = System.nanoTime();
    if (now - slot.touched > TOUCH_EVERY_NANOS) { // a write per second at most, not per read
      slot.touched = now;
    }
    return slot.state;
  }

  private static final long TOUCH_EVERY_NANOS = 1_000_000_000L;

  /**
   * How long the organization has been neither changed nor read here, within a second (its entity
   * passivates itself after a configured idle time: reads do not pass through it).
   */
  public Duration idle(String organizationId) {
    Slot slot = slots.get(organizationId);
    return slot == null ? Duration.ofDays(365) : Duration.ofNanos(System.nanoTime() - slot.touched);
  }

  /**
   * The first published state at or after {@code revision}; fails with a {@link
   * java.util.concurrent.TimeoutException} after {@code timeout}.
   */
  public CompletionStage<OrganizationState> awaitRevision(
      String organizationId, long revision, Duration timeout) {
    Slot slot = slots.computeIfAbsent(organizationId, id -> new Slot());
    OrganizationState state = slot.state;
    if (state != null && state.revision() >= revision) {
      return CompletableFuture.completedFuture(state);
    }
    CompletableFuture<OrganizationState> future = new CompletableFuture<>();
    synchronized (slot.waiters) {
      state = slot.state;
      if (state != null && state.revision() >= revision) {
        return CompletableFuture.completedFuture(state);
      }
      slot.waiters.add(new Waiter(revision, future));
    }
    return future
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (s, failure) -> {
              if (failure != null) {
                synchronized (slot.waiters) {
                  slot.waiters.removeIf(waiter -> waiter.future() == future);
                }
              }
            });
  }
}
