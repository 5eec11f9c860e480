package io.castellan.server.decisions;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Set;

/**
 * The decision log's settings ({@code castellan.decision-log}): the default policy of organizations
 * that set none, how long decisions are kept, the context keys masked, and how they are written (at
 * most {@code queueSize} waiting; more are dropped and counted, never waited for).
 */
public record DecisionLogSettings(
    DecisionLogPolicy defaultPolicy,
    Duration retention,
    Set<String> maskedContextKeys,
    int queueSize,
    int batchSize,
    Duration flushInterval,
    Duration policyRefresh,
    String keyspace,
    boolean createTables) {

  public static DecisionLogSettings of(Config log, String keyspace) {
    String mode = log.getString("mode");
    return new DecisionLogSettings(
        new DecisionLogPolicy(
            DecisionLogMode.ofLabel(mode)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "castellan.decision-log.mode: off, denied, sampled or all, not "
                                + mode)),
            log.getDouble("sample-rate")),
        log.getDuration("retention"),
        Set.copyOf(log.getStringList("masked-context-keys")),
        log.getInt("queue-size"),
        log.getInt("batch-size"),
        log.getDuration("flush-interval"),
        log.getDuration("policy-refresh"),
        keyspace,
        log.getBoolean("create-tables"));
  }
}
