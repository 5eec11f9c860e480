package io.castellan.server.decisions;

import java.util.Locale;
import java.util.Optional;

/** Which checks an organization's decision log keeps. */
public enum DecisionLogMode {
  OFF,
  /** Only checks that were denied. */
  DENIED,
  /** A random share of all checks ({@link DecisionLogPolicy#sampleRate()}). */
  SAMPLED,
  ALL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<DecisionLogMode> ofLabel(String label) {
    for (DecisionLogMode mode : values()) {
      if (mode.label().equals(label)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
