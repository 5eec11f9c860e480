package io.castellan.server.decisions;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The decision log's two Cassandra tables, beside the journal: {@code decisions}, partitioned by
 * organization and hour, and {@code decision_log_policies}, each organization's mode.
 *
 * <p>Partitions are an hour of an organization's decisions ({@code bucket}), so that a busy
 * organization's partitions stay small. A row holds one written batch of an organization's
 * decisions, not one decision: a busy organization's log then costs Cassandra a write per batch
 * instead of one per check (one per check could not keep up with checks here). The batch is a JSON
 * array with an array per decision ({@code [time ms, object, relation, user, allowed, revision,
 * actor, context?]}), gzipped: about 20 bytes a decision, so that logging every denial costs
 * Cassandra little. A row is keyed by its first decision's time.
 */
public final class DecisionStore {

  private static final TypeReference<Map<String, Object>> CONTEXT = new TypeReference<>() {};

  /** A batch's decisions are within this of its first (the log's flush interval is far less). */
  static final Duration BATCH_SPAN = Duration.ofMinutes(1);

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
                + " (organization text, bucket text, at timestamp, id timeuuid, decisions blob,"
                + " PRIMARY KEY ((organization, bucket), at, id))")
        .thenCompose(
            done ->
                session.executeDDL(
                    "CREATE TABLE IF NOT EXISTS "
                        + policies
                        + " (organization text PRIMARY KEY, mode text, sample_rate double)"));
  }

  /** One organization's decisions of one day, in time order, as one row. */
  CompletionStage<Done> write(List<Decision> batch) {
    Decision first = batch.get(0);
    return session.executeWrite(
        "INSERT INTO "
            + decisions
            + " (organization, bucket, at, id, decisions) VALUES (?, ?, ?, ?, ?) USING TTL "
            + ttlSeconds,
        first.organization(),
        bucket(first.time()),
        first.time(),
        Uuids.timeBased(),
        ByteBuffer.wrap(encode(batch)));
  }

  /** The rows to write for {@code decisions}: one per organization and hour, in order. */
  static List<List<Decision>> rows(List<Decision> decisions) {
    Map<String, List<Decision>> rows = new LinkedHashMap<>();
    for (Decision decision : decisions) {
      rows.computeIfAbsent(
              decision.organization() + '/' + bucket(decision.time()), key -> new ArrayList<>())
          .add(decision);
    }
    return List.copyOf(rows.values());
  }

  /**
   * Where a page of decisions ends: the row ({@code at}, {@code id}) and the index in it of the
   * last decision read.
   */
  public record Position(Instant at, UUID id, int index) {

    /** Before every decision at or after {@code time}. */
    public static Position before(Instant time) {
      return new Position(time.minus(BATCH_SPAN), Uuids.startOf(0), -1);
    }
  }

  /** A decision and where it is in the table. */
  public record Positioned(Decision decision, Position position) {}

  /**
   * The organization's decisions after {@code after} with times from {@code from} through {@code
   * to}, in the order they were written.
   */
  Source<Positioned, NotUsed> read(String organization, Position after, Instant from, Instant to) {
    List<String> buckets = new ArrayList<>();
    for (Instant hour = after.at().truncatedTo(ChronoUnit.HOURS);
        !hour.isAfter(to);
        hour = hour.plus(Duration.ofHours(1))) {
      buckets.add(bucket(hour));
    }
    return Source.from(buckets)
        .flatMapConcat(
            bucket ->
                session.select(
                    "SELECT at, id, decisions FROM "
                        + decisions
                        + " WHERE organization = ? AND bucket = ? AND (at, id) >= (?, ?)"
                        + " AND (at) <= (?)",
                    organization,
                    bucket,
                    after.at(),
                    after.id(),
                    to))
        .mapConcat(
            row -> {
              Instant at = row.getInstant("at");
              UUID id = row.getUuid("id");
              boolean resumed = at.equals(after.at()) && id.equals(after.id());
              List<Decision> batch = decode(organization, row.getByteBuffer("decisions"));
              return IntStream.range(resumed ? after.index() + 1 : 0, batch.size())
                  .mapToObj(index -> new Positioned(batch.get(index), new Position(at, id, index)))
                  .filter(
                      found ->
                          !found.decision().time().isBefore(from)
                              && !found.decision().time().isAfter(to))
                  .toList();
            });
  }

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

  private byte[] encode(List<Decision> batch) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(batch.size() * 24);
    try (GZIPOutputStream zipped = new FastGzip(bytes);
        JsonGenerator out = mapper.getFactory().createGenerator(zipped)) {
      out.writeStartArray();
      for (Decision decision : batch) {
        out.writeStartArray();
        out.writeNumber(decision.time().toEpochMilli());
        out.writeString(decision.object());
        out.writeString(decision.relation());
        out.writeString(decision.user());
        out.writeBoolean(decision.allowed());
        out.writeNumber(decision.revision());
        out.writeString(decision.actor());
        if (!decision.context().isEmpty()) {
          out.writeObject(decision.context());
        }
        out.writeEndArray();
      }
      out.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private List<Decision> decode(String organization, ByteBuffer zipped) {
    byte[] bytes = new byte[zipped.remaining()];
    zipped.get(bytes);
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      List<Decision> batch = new ArrayList<>();
      for (JsonNode item : mapper.readTree(in)) {
        batch.add(
            new Decision(
                organization,
                Instant.ofEpochMilli(item.get(0).asLong()),
                item.get(1).asText(),
                item.get(2).asText(),
                item.get(3).asText(),
                item.get(4).asBoolean(),
                item.get(5).asLong(),
                item.get(6).asText(),
                item.size() > 7 ? mapper.convertValue(item.get(7), CONTEXT) : Map.of()));
      }
      return batch;
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable decisions", e);
    }
  }

  /** Gzip at its fastest level: the log is written far more than it is read. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  /** The hour a decision's row is partitioned by: 2026-12-02T09. */
  private static String bucket(Instant time) {
    return time.truncatedTo(ChronoUnit.HOURS).toString().substring(0, 13);
  }
}
