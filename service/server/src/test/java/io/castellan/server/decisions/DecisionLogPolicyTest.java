package io.castellan.server.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which checks each decision log mode keeps. */
class DecisionLogPolicyTest {

  @Test
  void offKeepsNothing() {
    DecisionLogPolicy off = new DecisionLogPolicy(DecisionLogMode.OFF, 0);
    assertFalse(off.keeps(true));
    assertFalse(off.keeps(false));
  }

  @Test
  void deniedKeepsOnlyDenials() {
    DecisionLogPolicy denied = new DecisionLogPolicy(DecisionLogMode.DENIED, 0);
    assertFalse(denied.keeps(true));
    assertTrue(denied.keeps(false));
  }

  @Test
  void allKeepsEverything() {
    DecisionLogPolicy all = new DecisionLogPolicy(DecisionLogMode.ALL, 0);
    assertTrue(all.keeps(true));
    assertTrue(all.keeps(false));
  }

  @Test
  void sampledKeepsItsShareOfAllChecks() {
    DecisionLogPolicy none = new DecisionLogPolicy(DecisionLogMode.SAMPLED, 0);
    DecisionLogPolicy every = new DecisionLogPolicy(DecisionLogMode.SAMPLED, 1);
    int kept = 0;
    for (int i = 0; i < 1000; i++) {
      assertFalse(none.keeps(i % 2 == 0));
      assertTrue(every.keeps(i % 2 == 0));
      kept += new DecisionLogPolicy(DecisionLogMode.SAMPLED, 0.5).keeps(true) ? 1 : 0;
    }
    // 1000 draws at one half: outside 400..600 is about 1e-10 likely
    assertTrue(kept > 400 && kept < 600, "kept " + kept);
  }

  @Test
  void modesAreNamedByTheirLabels() {
    for (DecisionLogMode mode : DecisionLogMode.values()) {
      assertEquals(Optional.of(mode), DecisionLogMode.ofLabel(mode.label()));
    }
    assertEquals(Optional.empty(), DecisionLogMode.ofLabel("verbose"));
  }
}
