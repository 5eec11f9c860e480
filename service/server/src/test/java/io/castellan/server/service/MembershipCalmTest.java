package io.castellan.server.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MembershipCalmTest {

  private final AtomicBoolean unreachable = new AtomicBoolean();
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final MembershipCalm calm =
      new MembershipCalm(unreachable::get, Duration.ofSeconds(10), now::get);

  @Test
  void aClusterNobodyLeftIsStill() {
    assertTrue(calm.isStill());
  }

  @Test
  void aNodeUnreachableNowMeansNotStill() {
    unreachable.set(true);
    assertFalse(calm.isStill());
    unreachable.set(false);
    assertTrue(calm.isStill());
  }

  @Test
  void aDepartureKeepsItUnstillForTheGrace() {
    calm.nodeDeparted();
    now.addAndGet(Duration.ofMillis(9_999).toNanos());
    assertFalse(calm.isStill());
    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertTrue(calm.isStill());
  }

  @Test
  void aLaterDepartureStartsTheGraceAgain() {
    calm.nodeDeparted();
    now.addAndGet(Duration.ofSeconds(8).toNanos());
    calm.nodeDeparted();
    now.addAndGet(Duration.ofSeconds(8).toNanos());
    assertFalse(calm.isStill());
  }
}
