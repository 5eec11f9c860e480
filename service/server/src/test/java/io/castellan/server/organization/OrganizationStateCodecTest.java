package io.castellan.server.organization;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.castellan.engine.model.ModelJson;
import io.castellan.engine.model.ModelLoader;
import io.castellan.server.organization.OrganizationEvent.ModelWritten;
import io.castellan.server.organization.OrganizationEvent.OrganizationCreated;
import io.castellan.server.organization.OrganizationEvent.OrganizationDeleted;
import io.castellan.server.organization.OrganizationEvent.TuplesWritten;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The snapshot format as a property: random organizations, built by the events the entity journals,
 * come back from their snapshot form exactly (in CBOR, as Pekko stores snapshots).
 */
class OrganizationStateCodecTest {

  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
  private static final String[] MODELS = {
    model("define viewer: [user, user:*, group#member, user with in_region]"),
    model(
        "define viewer: [user, user:*, group#member, user with in_region]\n    define editor: [user]"),
    model(
        "define viewer: [user, user:*, group#member, user with in_region] or editor\n    define editor: [user]"),
  };
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  private static String model(String documentRelations) {
    return ModelJson.toTree(
            ModelLoader.fromDsl(
                    """
        model
          schema 1.1
        type user
        type group
          relations
            define member: [user]
        type document
          relations
            %s
        condition in_region(region: string, allowed: list<string>) {
          region in allowed
        }
        """
                        .formatted(documentRelations))
                .model())
        .toString();
  }

  @Test
  void randomOrganizationsSurviveTheSnapshotFormatExactly() throws Exception {
    for (long seed = 0; seed < 200; seed++) {
      OrganizationState state = randomOrganization(new Random(seed));
      OrganizationState copy =
          CBOR.readValue(CBOR.writeValueAsBytes(state), OrganizationState.class);
      assertEquals(StateView.of(state), StateView.of(copy), "seed " + seed);
    }
  }

  @Test
  void aNewOrganizationSurvivesTheSnapshotFormat() throws Exception {
    OrganizationState empty = OrganizationState.empty("new");
    assertEquals(
        StateView.of(empty),
        StateView.of(CBOR.readValue(CBOR.writeValueAsBytes(empty), OrganizationState.class)));
  }

  /**
   * Created, then models, keyed and unkeyed tuple writes and deletes, sometimes deleted at the end.
   */
  private static OrganizationState randomOrganization(Random random) {
    OrganizationState state = OrganizationState.empty("org-" + random.nextInt(1000));
    long revision = 0;
    state =
        state.apply(
            new OrganizationCreated(
                metadata(++revision, null), random.nextBoolean() ? "Acme" : "Ácme ☃"));
    int models = 1 + random.nextInt(MODELS.length);
    for (int m = 0; m < models; m++) {
      state =
          state.apply(
              new ModelWritten(metadata(++revision, null), "01MODEL" + revision, MODELS[m]));
    }
    List<JournaledTuple> written = new ArrayList<>();
    int writes = random.nextInt(30);
    for (int w = 0; w < writes; w++) {
      List<JournaledTuple> tuples = new ArrayList<>();
      int count = 1 + random.nextInt(5);
      for (int t = 0; t < count; t++) {
        JournaledTuple tuple = randomTuple(random, revision * 10 + t);
        tuples.add(tuple);
      }
      List<JournaledTuple> deletes = new ArrayList<>();
      if (!written.isEmpty() && random.nextInt(4) == 0) {
        deletes.add(written.remove(random.nextInt(written.size())));
      }
      written.addAll(tuples);
      String key = random.nextBoolean() ? "key-" + revision : null;
      List<EntityName> names =
          random.nextInt(3) > 0
              ? List.of()
              : List.of(
                  new EntityName(
                      "team:t" + random.nextInt(4), random.nextBoolean() ? "Team ☃" : null));
      state =
          state.apply(new TuplesWritten(metadata(++revision, key), tuples, deletes, null, names));
    }
    if (random.nextInt(5) == 0) {
      state = state.apply(new OrganizationDeleted(metadata(++revision, null)));
    }
    return state;
  }

  private static EventMetadata metadata(long revision, String idempotencyKey) {
    return new EventMetadata(
        revision,
        T0.plusSeconds(revision),
        "alice",
        "req-" + revision,
        "why",
        idempotencyKey,
        idempotencyKey == null ? null : "fingerprint-" + revision);
  }

  private static JournaledTuple randomTuple(Random random, long n) {
    String object = "document:" + n;
    return switch (random.nextInt(4)) {
      case 0 -> new JournaledTuple(object, "viewer", "user:u" + random.nextInt(50), null, null);
      case 1 -> new JournaledTuple(object, "viewer", "user:*", null, null);
      case 2 ->
          new JournaledTuple(
              object,
              "viewer",
              (random.nextBoolean() ? "group:g" : "group:partner:g")
                  + random.nextInt(5)
                  + "#member",
              null,
              null);
      default ->
          new JournaledTuple(
              object,
              "viewer",
              "user:u" + random.nextInt(50),
              "in_region",
              random.nextBoolean() ? null : context(random));
    };
  }

  private static Map<String, Object> context(Random random) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("allowed", List.of("eu", "us-" + random.nextInt(3)));
    if (random.nextBoolean()) {
      context.put("region", "eu");
    }
    if (random.nextBoolean()) {
      context.put("nested", Map.of("depth", random.nextInt(100), "flag", random.nextBoolean()));
    }
    return context;
  }
}
