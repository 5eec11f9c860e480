package io.castellan.server.service;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Whether the cluster's membership has been still lately: no node unreachable now, and none gone
 * (unreachable, downed, leaving, removed) within {@code grace}. While it is not, a change that got
 * no answer in time most likely waited for an organization moving off a node that went away, and
 * says nothing of the journal: the journal's circuit breaker does not count it (a crashed node
 * otherwise opened the breakers of the others, refusing changes to every organization).
 */
public final class MembershipCalm {

  private final BooleanSupplier anyUnreachable;
  private final LongSupplier nanoTime;
  private final long graceNanos;
  private volatile long lastDepartureNanos;
  private volatile boolean departed;

  /** {@code anyUnreachable}: whether this node sees a node unreachable now. */
  public MembershipCalm(BooleanSupplier anyUnreachable, Duration grace, LongSupplier nanoTime) {
    this.anyUnreachable = anyUnreachable;
    this.graceNanos = grace.toNanos();
    this.nanoTime = nanoTime;
  }

  /** A node went away (see forwarding's NodeDepartures): the grace starts again. */
  public void nodeDeparted() {
    lastDepartureNanos = nanoTime.getAsLong();
    departed = true;
  }

  public boolean isStill() {
    if (anyUnreachable.getAsBoolean()) {
      return false;
    }
    return !departed || nanoTime.getAsLong() - lastDepartureNanos >= graceNanos;
  }
}
