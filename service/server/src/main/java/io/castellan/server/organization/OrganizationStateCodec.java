package io.castellan.server.organization;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import io.castellan.engine.model.ModelLoader;
import io.castellan.engine.store.IndexedTuple;
import io.castellan.engine.store.TupleStore;
import io.castellan.protocol.Scope;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Snapshot form of {@link OrganizationState}: the models as JSON text and the tuples as one
 * gzip-compressed binary block (a million tuples fit in a few MB, well under Cassandra's mutation
 * size limit). Compiled models and indexes are rebuilt on load. Format version 2 adds the
 * idempotency keys, version 3 the API keys (hashes only), version 4 the display names of managed
 * entities; older snapshots load with none (the events after them still add theirs).
 */
final class OrganizationStateCodec {

  private static final int FORMAT = 4;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> CONTEXT = new TypeReference<>() {};

  private OrganizationStateCodec() {}

  static final class Serializer extends JsonSerializer<OrganizationState> {
    @Override
    public void serialize(OrganizationState state, JsonGenerator out, SerializerProvider provider)
        throws IOException {
      out.writeStartObject();
      out.writeNumberField("format", FORMAT);
      out.writeStringField("id", state.id());
      out.writeStringField("status", state.status().name());
      if (state.name() != null) {
        out.writeStringField("name", state.name());
      }
      if (state.createdAt() != null) {
        out.writeStringField("createdAt", state.createdAt().toString());
      }
      out.writeNumberField("revision", state.revision());
      out.writeArrayFieldStart("models");
      for (ModelVersion model : state.models()) {
        out.writeStartObject();
        out.writeStringField("id", model.id());
        out.writeStringField("json", model.json());
        out.writeStringField("createdAt", model.createdAt().toString());
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeNumberField("tupleCount", state.tuples().size());
      out.writeBinaryField("tuples", encodeTuples(state.tuples()));
      // gzip-compressed like the tuples: 100,000 keys would otherwise take 15 MB of a snapshot,
      // and a snapshot must stay under Cassandra's mutation size
      out.writeBinaryField("idempotencyKeys", encodeKeys(state.idempotencyKeys()));
      out.writeArrayFieldStart("apiKeys");
      for (ApiKey key : state.apiKeys().values()) {
        writeApiKey(key, out);
      }
      out.writeEndArray();
      out.writeObjectFieldStart("names");
      for (Map.Entry<String, String> name : state.names().entrySet()) {
        out.writeStringField(name.getKey(), name.getValue());
      }
      out.writeEndObject();
      out.writeEndObject();
    }
  }

  static final class Deserializer extends JsonDeserializer<OrganizationState> {
    @Override
    public OrganizationState deserialize(JsonParser in, DeserializationContext context)
        throws IOException {
      JsonNode node = in.readValueAsTree();
      int format = node.path("format").asInt();
      if (format < 1 || format > FORMAT) {
        throw new IOException("unknown organization snapshot format " + node.path("format"));
      }
      List<ModelVersion> models = new ArrayList<>();
      for (JsonNode model : node.path("models")) {
        String id = model.path("id").asText();
        String json = model.path("json").asText();
        models.add(
            new ModelVersion(
                id,
                json,
                Instant.parse(model.path("createdAt").asText()),
                ModelLoader.fromStoredJson(json).withId(id)));
      }
      TupleStore tuples =
          decodeTuples(node.path("tuples").binaryValue(), node.path("tupleCount").asInt());
      // not stored: found again in the tuples (only snapshots are loaded this way)
      return new OrganizationState(
          node.path("id").asText(),
          OrganizationState.Status.valueOf(node.path("status").asText()),
          node.hasNonNull("name") ? node.get("name").asText() : null,
          node.hasNonNull("createdAt") ? Instant.parse(node.get("createdAt").asText()) : null,
          node.path("revision").asLong(),
          models,
          tuples,
          node.hasNonNull("idempotencyKeys")
              ? decodeKeys(node.get("idempotencyKeys").binaryValue())
              : IdempotencyKeys.EMPTY,
          apiKeys(node.path("apiKeys")),
          names(node.path("names")),
          OrganizationState.referenced(tuples));
    }
  }

  private static void writeApiKey(ApiKey key, JsonGenerator out) throws IOException {
    out.writeStartObject();
    out.writeStringField("id", key.id());
    out.writeStringField("name", key.name());
    out.writeArrayFieldStart("scopes");
    for (Scope scope : key.scopes()) {
      out.writeString(scope.label);
    }
    out.writeEndArray();
    out.writeStringField("secretHash", key.secretHash());
    out.writeStringField("createdAt", key.createdAt().toString());
    out.writeStringField("createdBy", key.createdBy());
    if (key.expiresAt() != null) {
      out.writeStringField("expiresAt", key.expiresAt().toString());
    }
    if (key.revokedAt() != null) {
      out.writeStringField("revokedAt", key.revokedAt().toString());
    }
    out.writeEndObject();
  }

  private static Map<String, ApiKey> apiKeys(JsonNode keys) {
    Map<String, ApiKey> result = new HashMap<>();
    for (JsonNode key : keys) {
      Set<Scope> scopes = new HashSet<>();
      key.path("scopes").forEach(scope -> Scope.ofLabel(scope.asText()).ifPresent(scopes::add));
      ApiKey apiKey =
          new ApiKey(
              key.path("id").asText(),
              key.path("name").asText(),
              scopes,
              key.path("secretHash").asText(),
              Instant.parse(key.path("createdAt").asText()),
              key.path("createdBy").asText(),
              instant(key, "expiresAt"),
              instant(key, "revokedAt"));
      result.put(apiKey.id(), apiKey);
    }
    return result;
  }

  private static Map<String, String> names(JsonNode names) {
    Map<String, String> result = new HashMap<>();
    names.fields().forEachRemaining(name -> result.put(name.getKey(), name.getValue().asText()));
    return result;
  }

  private static Instant instant(JsonNode node, String field) {
    return node.hasNonNull(field) ? Instant.parse(node.get(field).asText()) : null;
  }

  static byte[] encodeKeys(IdempotencyKeys keys) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = gzip(bytes)) {
      List<IdempotencyKeys.Entry> entries = keys.entries();
      out.writeInt(entries.size());
      for (IdempotencyKeys.Entry entry : entries) {
        out.writeUTF(entry.key());
        out.writeUTF(entry.fingerprint());
        out.writeLong(entry.revision());
        out.writeUTF(entry.modelId() == null ? "" : entry.modelId());
        out.writeLong(entry.time().getEpochSecond());
        out.writeInt(entry.time().getNano());
      }
    }
    return bytes.toByteArray();
  }

  /**
   * Entries oldest first, as written; kept as they were (retention applied when they were added).
   */
  static IdempotencyKeys decodeKeys(byte[] data) throws IOException {
    IdempotencyKeys keys = IdempotencyKeys.EMPTY;
    IdempotencyKeys.Retention keepAll =
        new IdempotencyKeys.Retention(Duration.ofDays(365_000), Integer.MAX_VALUE);
    try (DataInputStream in = gunzip(data)) {
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        String key = in.readUTF();
        String fingerprint = in.readUTF();
        long revision = in.readLong();
        String modelId = in.readUTF();
        Instant time = Instant.ofEpochSecond(in.readLong(), in.readInt());
        keys =
            keys.with(
                new IdempotencyKeys.Entry(
                    key, fingerprint, revision, modelId.isEmpty() ? null : modelId, time),
                keepAll);
      }
    }
    return keys;
  }

  static byte[] encodeTuples(TupleStore store) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = gzip(bytes)) {
      IOException[] failure = {null};
      store.visitAll(
          tuple -> {
            try {
              JournaledTuple record = JournaledTuple.of(tuple);
              out.writeUTF(record.object());
              out.writeUTF(record.relation());
              out.writeUTF(record.user());
              out.writeUTF(record.condition() == null ? "" : record.condition());
              out.writeUTF(
                  record.context() == null ? "" : JSON.writeValueAsString(record.context()));
              return true;
            } catch (IOException e) {
              failure[0] = e;
              return false;
            }
          });
      if (failure[0] != null) {
        throw failure[0];
      }
    }
    return bytes.toByteArray();
  }

  static TupleStore decodeTuples(byte[] data, int count) throws IOException {
    List<IndexedTuple> tuples = new ArrayList<>(count);
    try (DataInputStream in = gunzip(data)) {
      for (int i = 0; i < count; i++) {
        String object = in.readUTF();
        String relation = in.readUTF();
        String user = in.readUTF();
        String condition = in.readUTF();
        String context = in.readUTF();
        tuples.add(
            new JournaledTuple(
                    object,
                    relation,
                    user,
                    condition.isEmpty() ? null : condition,
                    context.isEmpty() ? null : JSON.readValue(context, CONTEXT))
                .toTuple());
      }
    }
    return TupleStore.of(tuples);
  }

  /*
   * Buffered on the data side of the (de)compressor: DataInput/OutputStream read and write lengths
   * and numbers a byte at a time, and each single-byte call on a GZIP stream is a call into the
   * (in|de)flater (it was half of a snapshot's decoding time).
   */
  private static DataOutputStream gzip(ByteArrayOutputStream bytes) throws IOException {
    return new DataOutputStream(
        new BufferedOutputStream(new GZIPOutputStream(bytes, 1 << 16), 1 << 16));
  }

  private static DataInputStream gunzip(byte[] data) throws IOException {
    return new DataInputStream(
        new BufferedInputStream(
            new GZIPInputStream(new ByteArrayInputStream(data), 1 << 16), 1 << 16));
  }
}
