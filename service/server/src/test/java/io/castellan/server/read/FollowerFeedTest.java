package io.castellan.server.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.castellan.server.organization.EventMetadata;
import io.castellan.server.organization.JournaledTuple;
import io.castellan.server.organization.OrganizationEvent;
import io.castellan.server.organization.OrganizationEvent.ModelWritten;
import io.castellan.server.organization.OrganizationEvent.OrganizationCreated;
import io.castellan.server.organization.OrganizationEvent.TuplesWritten;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The events a host publishes to its followers, as they cross between nodes. */
class FollowerFeedTest {

  private static final ActorTestKit TEST_KIT =
      ActorTestKit.create(
          ConfigFactory.parseString(
              "pekko.actor.serialization-bindings {"
                  + " \"io.castellan.protocol.CborSerializable\" = jackson-cbor }"));

  @AfterAll
  static void stop() {
    TEST_KIT.shutdownTestKit();
  }

  @Test
  void publishedEventsArriveAsTheKindsOfEventTheyWere() {
    List<OrganizationEvent> events =
        List.of(
            new OrganizationCreated(new EventMetadata(1, Instant.EPOCH, "a", "r", null), "Acme"),
            new ModelWritten(
                new EventMetadata(2, Instant.EPOCH, "a", "r", "why"), "m1", "{\"type\":1}"),
            new TuplesWritten(
                new EventMetadata(3, Instant.EPOCH, "a", "r", null),
                List.of(new JournaledTuple("document:1", "viewer", "user:anne", null, null)),
                List.of(new JournaledTuple("document:2", "viewer", "user:bob", null, null))));
    FollowerFeed.Journaled sent = new FollowerFeed.Journaled("acme", events);
    assertEquals(sent, roundTrip(sent));
  }

  @Test
  void publishedRevisionsArriveWhole() {
    FollowerFeed.Revisions sent = new FollowerFeed.Revisions(Map.of("acme", 3L, "globex", 12L));
    assertEquals(sent, roundTrip(sent));
  }

  private static Object roundTrip(Object sent) {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(TEST_KIT.system()));
    byte[] bytes = serialization.serialize(sent).get();
    return serialization
        .deserialize(
            bytes,
            serialization.findSerializerFor(sent).identifier(),
            Serializers.manifestFor(serialization.findSerializerFor(sent), sent))
        .get();
  }
}
