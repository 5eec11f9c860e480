package io.castellan.server.service;

import io.castellan.server.organization.Answer;
import io.castellan.server.organization.Caller;
import io.castellan.server.organization.ChangeListener;
import io.castellan.server.organization.ForeignSet;
import io.castellan.server.organization.JournaledTuple;
import io.castellan.server.organization.Organization;
import io.castellan.server.organization.OrganizationCommand;
import io.castellan.server.organization.OrganizationEvent;
import io.castellan.server.organization.RequestInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells an organization when another one names its sets in tuples (sharing across organizations),
 * so that its admins see in its own audit who was given access where: each journaled change that
 * grants or withdraws such access is recorded in every organization it names, once (the change's
 * revision is the record's idempotency key), retried a few times if that organization cannot be
 * reached. Not transactional with the change itself: should every attempt fail (or the node stop
 * first), the change stands and the record is missing; that is logged.
 */
public final class SharingNotifier implements ChangeListener {

  private static final Logger LOG = LoggerFactory.getLogger(SharingNotifier.class);
  private static final int ATTEMPTS = 5;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;

  public SharingNotifier(ActorSystem<?> system) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
  }

  @Override
  public void journaled(String organizationId, List<OrganizationEvent> events) {
    for (OrganizationEvent event : events) {
      if (event instanceof OrganizationEvent.TuplesWritten written) {
        Map<String, List<List<JournaledTuple>>> named = new TreeMap<>();
        collect(named, written.writes(), 0);
        collect(named, written.deletes(), 1);
        named.forEach(
            (other, tuples) ->
                record(organizationId, other, written, tuples.get(0), tuples.get(1), 1));
      }
    }
  }

  private static void collect(
      Map<String, List<List<JournaledTuple>>> named, List<JournaledTuple> tuples, int slot) {
    for (JournaledTuple tuple : tuples) {
      ForeignSet set = ForeignSet.of(tuple.user());
      if (set != null) {
        named
            .computeIfAbsent(set.organization(), o -> List.of(new ArrayList<>(), new ArrayList<>()))
            .get(slot)
            .add(tuple);
      }
    }
  }

  private void record(
      String organizationId,
      String other,
      OrganizationEvent.TuplesWritten written,
      List<JournaledTuple> granted,
      List<JournaledTuple> withdrawn,
      int attempt) {
    long revision = written.metadata().revision();
    String key = "shared-by:" + organizationId + ":" + revision;
    RequestInfo request =
        new RequestInfo(
            Caller.SYSTEM,
            written.metadata().requestId(),
            written.metadata().reason(),
            key,
            key,
            Instant.now().plus(TIMEOUT));
    sharding
        .entityRefFor(Organization.ENTITY_KEY, other)
        .<Answer<OrganizationCommand.Managed>>ask(
            replyTo ->
                new OrganizationCommand.RecordSharing(
                    organizationId,
                    revision,
                    written.metadata().actor(),
                    granted,
                    withdrawn,
                    request,
                    replyTo),
            TIMEOUT)
        .whenComplete(
            (answer, failure) -> {
              if (answer instanceof OrganizationCommand.Managed) {
                return;
              }
              boolean unavailable = // a journal failing, a deadline: worth another attempt
                  answer instanceof Answer.Refused<?> refused
                      && refused.error().code().httpStatus >= 500;
              if (answer != null && !unavailable) { // the organization does not exist, say
                LOG.info(
                    "organization {} named sets of {} at revision {}, which was not recorded there: {}",
                    organizationId,
                    other,
                    revision,
                    answer);
                return;
              }
              if (attempt < ATTEMPTS) {
                system
                    .scheduler()
                    .scheduleOnce(
                        Duration.ofSeconds(attempt),
                        () ->
                            record(organizationId, other, written, granted, withdrawn, attempt + 1),
                        system.executionContext());
              } else {
                LOG.warn(
                    "organization {} named sets of {} at revision {}: not recorded there after {}"
                        + " attempts",
                    organizationId,
                    other,
                    revision,
                    ATTEMPTS,
                    failure);
              }
            });
  }
}
