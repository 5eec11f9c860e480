package io.castellan.server.decisions;

import java.util.concurrent.ThreadLocalRandom;

/** An organization's decision log mode, and the share of checks kept when it samples. */
public record DecisionLogPolicy(DecisionLogMode mode, double sampleRate) {

  /** Whether a check with this outcome is kept. */
  boolean keeps(boolean allowed) {
    return switch (mode) {
      case OFF -> false;
      case DENIED -> !allowed;
      case SAMPLED -> ThreadLocalRandom.current().nextDouble() < sampleRate;
      case ALL -> true;
    };
  }
}
