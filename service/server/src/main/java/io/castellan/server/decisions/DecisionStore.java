package io.castellan.server.decisions;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The decision log's two Cassandra tables, beside the journal: {@code decisions}, partitioned by
 * organization and day (so that a day's decisions are read together and expire together), and
 * {@code decision_log_policies}, each organization's mode.
 */
public final class DecisionStore {

  private static final TypeReference<Map<String, Object>> CONTEXT = new TypeReference<>() {};

  private final CassandraSession session;
  private final ObjectMapper mapper;
  private final String decisions;
  private final String policies;
  private final int ttlSeconds;

  DecisionStore(CassandraSession session, ObjectMapper mapper, DecisionLogSettings settings) {
    this.session = session;
    this.mapper = mapper;
    this.decisions = settings.keyspace() + ".decisions";
    this.policies = settings.keyspace() + ".decision_log_policies";
    this.ttlSeconds = (int) Math.min(Integer.MAX_VALUE, settings.retention().toSeconds());
  }

  CompletionStage<Done> createTables() {
    return session
        .executeDDL(
            "CREATE TABLE IF NOT EXISTS "
                + decisions
                + " (organization text, day text, at timestamp, id timeuuid, object text,"
                + " relation text, user text, allowed boolean, revision bigint, actor text,"
                + " context text, PRIMARY KEY ((organization, day), at, id))")
        .thenCompose(
            done ->
                session.executeDDL(
                    "CREATE TABLE IF NOT EXISTS "
                        + policies
                        + " (organization text PRIMARY KEY, mode text, sample_rate double)"));
  }

  CompletionStage<Done> write(Decision decision) {
    return session.executeWrite(
        "INSERT INTO "
            + decisions
            + " (organization, day, at, id, object, relation, user, allowed, revision, actor,"
            + " context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL "
            + ttlSeconds,
        decision.organization(),
        day(decision.time()),
        decision.time(),
        Uuids.timeBased(),
        decision.object(),
        decision.relation(),
        decision.user(),
        decision.allowed(),
        decision.revision(),
        decision.actor(),
        json(decision.context()));
  }

  /** Where a page of decisions ends: the next page starts after it. */
  public record Position(Instant at, UUID id) {

    /** Before every decision at or after {@code time}. */
    public static Position before(Instant time) {
      return new Position(time, Uuids.startOf(0));
    }
  }

  /** The organization's decisions after {@code after} through {@code to}, in time order. */
  Source<Positioned, NotUsed> read(String organization, Position after, Instant to) {
    List<String> days = new ArrayList<>();
    for (LocalDate day = date(after.at()); !day.isAfter(date(to)); day = day.plusDays(1)) {
      days.add(day.toString());
    }
    return Source.from(days)
        .flatMapConcat(
            day ->
                session.select(
                    "SELECT organization, at, id, object, relation, user, allowed, revision,"
                        + " actor, context FROM "
                        + decisions
                        + " WHERE organization = ? AND day = ? AND (at, id) > (?, ?)"
                        + " AND (at) <= (?)",
                    organization,
                    day,
                    after.at(),
                    after.id(),
                    to))
        .map(
            row ->
                new Positioned(
                    decision(row), new Position(row.getInstant("at"), row.getUuid("id"))));
  }

  /** A decision and where it is in the table. */
  public record Positioned(Decision decision, Position position) {}

  CompletionStage<Optional<DecisionLogPolicy>> policy(String organization) {
    return session
        .selectOne(
            "SELECT mode, sample_rate FROM " + policies + " WHERE organization = ?", organization)
        .thenApply(
            row ->
                row.flatMap(
                    found ->
                        DecisionLogMode.ofLabel(found.getString("mode"))
                            .map(
                                mode ->
                                    new DecisionLogPolicy(mode, found.getDouble("sample_rate")))));
  }

  CompletionStage<Done> setPolicy(String organization, DecisionLogPolicy policy) {
    return session.executeWrite(
        "INSERT INTO " + policies + " (organization, mode, sample_rate) VALUES (?, ?, ?)",
        organization,
        policy.mode().label(),
        policy.sampleRate());
  }

  private Decision decision(Row row) {
    return new Decision(
        row.getString("organization"),
        row.getInstant("at"),
        row.getString("object"),
        row.getString("relation"),
        row.getString("user"),
        row.getBoolean("allowed"),
        row.getLong("revision"),
        row.getString("actor"),
        context(row.getString("context")));
  }

  private static String day(Instant time) {
    return date(time).toString();
  }

  private static LocalDate date(Instant time) {
    return LocalDate.ofInstant(time, ZoneOffset.UTC);
  }

  private String json(Map<String, Object> context) {
    try {
      return context == null || context.isEmpty() ? null : mapper.writeValueAsString(context);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private Map<String, Object> context(String json) {
    try {
      return json == null ? Map.of() : mapper.readValue(json, CONTEXT);
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }
}
