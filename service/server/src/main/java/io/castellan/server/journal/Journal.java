package io.castellan.server.journal;

import io.castellan.server.organization.Organization;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;

/** The journal as its readers address it: Pekko Persistence Query on Cassandra. */
public final class Journal {

  private Journal() {}

  public static CassandraReadJournal reader(ActorSystem<?> system) {
    return PersistenceQuery.get(system)
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
  }

  /** Where an organization's events are journaled. */
  public static String persistenceId(String organizationId) {
    return PersistenceId.of(Organization.ENTITY_KEY.name(), organizationId).id();
  }
}
