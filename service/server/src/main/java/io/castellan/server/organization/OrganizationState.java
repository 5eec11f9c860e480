package io.castellan.server.organization;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.castellan.engine.model.CompiledModel;
import io.castellan.engine.model.ModelLoader;
import io.castellan.engine.store.IndexedTuple;
import io.castellan.engine.store.TupleStore;
import io.castellan.protocol.CborSerializable;
import io.castellan.server.organization.OrganizationEvent.ApiKeyCreated;
import io.castellan.server.organization.OrganizationEvent.ApiKeyRevoked;
import io.castellan.server.organization.OrganizationEvent.ModelWritten;
import io.castellan.server.organization.OrganizationEvent.OrganizationCreated;
import io.castellan.server.organization.OrganizationEvent.OrganizationDeleted;
import io.castellan.server.organization.OrganizationEvent.TuplesWritten;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An organization at one revision: immutable, so the entity hands it to readers as a snapshot.
 * Persistent schema (snapshots), written by {@link OrganizationStateCodec}.
 */
@JsonSerialize(using = OrganizationStateCodec.Serializer.class)
@JsonDeserialize(using = OrganizationStateCodec.Deserializer.class)
public record OrganizationState(
    String id,
    Status status,
    String name,
    Instant createdAt,
    long revision,
    List<ModelVersion> models,
    TupleStore tuples,
    IdempotencyKeys idempotencyKeys,
    Map<String, ApiKey> apiKeys,
    Map<String, String> names,
    Map<ForeignSet, Integer> foreignSets)
    implements CborSerializable {

  public enum Status {
    NEW,
    ACTIVE,
    DELETED
  }

  public OrganizationState {
    models = List.copyOf(models);
    apiKeys = Map.copyOf(apiKeys);
    names = Map.copyOf(names);
    foreignSets = Map.copyOf(foreignSets);
  }

  public static OrganizationState empty(String id) {
    return new OrganizationState(
        id,
        Status.NEW,
        null,
        null,
        0,
        List.of(),
        TupleStore.EMPTY,
        IdempotencyKeys.EMPTY,
        Map.of(),
        Map.of(),
        Map.of());
  }

  /** The display name of a managed entity ({@code team:eng}), or null. */
  public String nameOf(String object) {
    return names.get(object);
  }

  public boolean isActive() {
    return status == Status.ACTIVE;
  }

  /** The newest model, or null before the first model write. */
  public ModelVersion latestModel() {
    return models.isEmpty() ? null : models.get(models.size() - 1);
  }

  /** The model version with this id, or null. */
  /**
   * The model a request names, or the latest one ({@code modelId} null); null when there is none.
   */
  public ModelVersion modelOrLatest(String modelId) {
    return modelId == null ? latestModel() : model(modelId);
  }

  public ModelVersion model(String modelId) {
    for (int i = models.size() - 1; i >= 0; i--) {
      if (models.get(i).id().equals(modelId)) {
        return models.get(i);
      }
    }
    return null;
  }

  /**
   * The state after {@code event}, keyed changes remembered as long as the default retention (the
   * entity applies each event with its configured retention instead).
   */
  public OrganizationState apply(OrganizationEvent event) {
    return event.applyTo(this, IdempotencyKeys.Retention.DEFAULT);
  }

  OrganizationState created(OrganizationCreated created) {
    return new OrganizationState(
        id,
        Status.ACTIVE,
        created.name(),
        created.metadata().time(),
        created.metadata().revision(),
        models,
        tuples,
        idempotencyKeys,
        apiKeys,
        names,
        foreignSets);
  }

  OrganizationState deleted(OrganizationDeleted deleted) {
    return new OrganizationState(
        id,
        Status.DELETED,
        name,
        createdAt,
        deleted.metadata().revision(),
        List.of(),
        TupleStore.EMPTY,
        IdempotencyKeys.EMPTY,
        Map.of(),
        Map.of(),
        Map.of());
  }

  OrganizationState modelWritten(ModelWritten written, IdempotencyKeys.Retention retention) {
    EventMetadata metadata = written.metadata();
    CompiledModel compiled =
        ModelLoader.fromStoredJson(written.modelJson()).withId(written.modelId());
    List<ModelVersion> newModels = new ArrayList<>(models);
    newModels.add(
        new ModelVersion(written.modelId(), written.modelJson(), metadata.time(), compiled));
    return new OrganizationState(
        id,
        status,
        name,
        createdAt,
        metadata.revision(),
        newModels,
        tuples,
        remember(metadata, written.modelId(), retention),
        apiKeys,
        names,
        foreignSets);
  }

  OrganizationState tuplesWritten(TuplesWritten written, IdempotencyKeys.Retention retention) {
    TupleStore updated = tuples.apply(toTuples(written.deletes()), toTuples(written.writes()));
    return new OrganizationState(
        id,
        status,
        name,
        createdAt,
        written.metadata().revision(),
        written.undoes() == null || written.undoes().latestModelId() == null
            ? models
            : latestAgain(written.undoes().latestModelId()),
        updated,
        remember(written.metadata(), null, retention),
        apiKeys,
        written.nameChanges().isEmpty() ? names : renamed(written.nameChanges()),
        referenced(foreignSets, written.deletes(), written.writes()));
  }

  /**
   * The other organizations' sets named by this one's tuples, with how many tuples name each:
   * updated only by changes that name one (rarely), so that reads find them without a scan.
   */
  private static Map<ForeignSet, Integer> referenced(
      Map<ForeignSet, Integer> before, List<JournaledTuple> deletes, List<JournaledTuple> writes) {
    Map<ForeignSet, Integer> after = null;
    for (int sign : new int[] {-1, 1}) {
      for (JournaledTuple tuple : sign < 0 ? deletes : writes) {
        ForeignSet set = ForeignSet.of(tuple.user());
        if (set != null) {
          after = after == null ? new HashMap<>(before) : after;
          after.merge(set, sign, (a, b) -> a + b == 0 ? null : a + b);
        }
      }
    }
    return after == null ? before : after;
  }

  /** The foreign sets the tuples name (a snapshot loaded, which does not store them). */
  static Map<ForeignSet, Integer> referenced(TupleStore tuples) {
    Map<ForeignSet, Integer> sets = new HashMap<>();
    tuples.visitAll(
        tuple -> {
          if (tuple.isUserset() && tuple.subjectId().indexOf(':') > 0) {
            ForeignSet set = ForeignSet.of(tuple.user());
            if (set != null) {
              sets.merge(set, 1, Integer::sum);
            }
          }
          return true;
        });
    return sets;
  }

  private Map<String, String> renamed(List<EntityName> changes) {
    Map<String, String> renamed = new HashMap<>(names);
    for (EntityName change : changes) {
      if (change.name() == null) {
        renamed.remove(change.object());
      } else {
        renamed.put(change.object(), change.name());
      }
    }
    return renamed;
  }

  /** The models with {@code modelId} moved last, so that it is the latest again (an undo). */
  private List<ModelVersion> latestAgain(String modelId) {
    List<ModelVersion> reordered = new ArrayList<>(models);
    ModelVersion model = model(modelId);
    if (model != null) {
      reordered.remove(model);
      reordered.add(model);
    }
    return reordered;
  }

  OrganizationState sharedBy(
      OrganizationEvent.SharedBy shared, IdempotencyKeys.Retention retention) {
    return new OrganizationState(
        id,
        status,
        name,
        createdAt,
        shared.metadata().revision(),
        models,
        tuples,
        remember(shared.metadata(), null, retention),
        apiKeys,
        names,
        foreignSets);
  }

  OrganizationState apiKeyCreated(ApiKeyCreated created) {
    Map<String, ApiKey> keys = new HashMap<>(apiKeys);
    keys.put(created.key().id(), created.key());
    return withKeys(created.metadata(), keys);
  }

  OrganizationState apiKeyRevoked(ApiKeyRevoked revoked) {
    Map<String, ApiKey> keys = new HashMap<>(apiKeys);
    keys.computeIfPresent(revoked.keyId(), (id, key) -> key.revoked(revoked.metadata().time()));
    return withKeys(revoked.metadata(), keys);
  }

  private OrganizationState withKeys(EventMetadata metadata, Map<String, ApiKey> keys) {
    return new OrganizationState(
        id,
        status,
        name,
        createdAt,
        metadata.revision(),
        models,
        tuples,
        idempotencyKeys,
        keys,
        names,
        foreignSets);
  }

  private IdempotencyKeys remember(
      EventMetadata metadata, String modelId, IdempotencyKeys.Retention retention) {
    if (metadata.idempotencyKey() == null) {
      return idempotencyKeys;
    }
    return idempotencyKeys.with(
        new IdempotencyKeys.Entry(
            metadata.idempotencyKey(),
            metadata.fingerprint(),
            metadata.revision(),
            modelId,
            metadata.time()),
        retention);
  }

  private static List<IndexedTuple> toTuples(List<JournaledTuple> records) {
    List<IndexedTuple> result = new ArrayList<>(records.size());
    for (JournaledTuple record : records) {
      result.add(record.toTuple());
    }
    return result;
  }
}
