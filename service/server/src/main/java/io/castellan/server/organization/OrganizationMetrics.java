package io.castellan.server.organization;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * What organizations on this node report: how long their journal writes take and how many changes
 * each carries (group commit), and how long recoveries take. No organization id as a label: these
 * are per node, whatever the number of organizations.
 */
public final class OrganizationMetrics {

  /** Counted nowhere that is scraped (tests, an organization outside sharding). */
  public static final OrganizationMetrics NONE = new OrganizationMetrics(new SimpleMeterRegistry());

  private final Timer journalWrites;
  private final DistributionSummary batchSizes;
  private final Timer recoveries;

  public OrganizationMetrics(MeterRegistry registry) {
    this.journalWrites =
        Timer.builder("castellan.journal.writes")
            .description("journal writes of organizations, from persist to confirmation")
            .publishPercentileHistogram()
            .register(registry);
    this.batchSizes =
        DistributionSummary.builder("castellan.journal.batch.size")
            .description("events per journal write (group commit)")
            .publishPercentileHistogram()
            .register(registry);
    this.recoveries =
        Timer.builder("castellan.organization.recoveries")
            .description("organizations started on this node: snapshot and events replayed")
            .publishPercentileHistogram()
            .register(registry);
  }

  void journaled(long startedNanos, int events) {
    journalWrites.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    batchSizes.record(events);
  }

  void recovered(long startedNanos) {
    recoveries.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
  }
}
