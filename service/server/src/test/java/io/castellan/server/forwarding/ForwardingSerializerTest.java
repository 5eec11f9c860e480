package io.castellan.server.forwarding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.castellan.server.organization.Caller;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Forwarded reads and answers come out of the wire format as they went in, by the configured
 * binding.
 */
class ForwardingSerializerTest {

  // the node's serialization settings, without the rest of a node (no cluster)
  private static final ActorTestKit KIT =
      ActorTestKit.create(
          ConfigFactory.parseResources("serialization.conf")
              .withFallback(ConfigFactory.load("application-test")));
  private static final Serialization SERIALIZATION =
      SerializationExtension.get(
          org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(KIT.system()));

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static Object roundTrip(Object message) {
    byte[] bytes = SERIALIZATION.serialize(message).get();
    var serializer = SERIALIZATION.findSerializerFor(message);
    assertTrue(serializer instanceof ForwardingSerializer, "bound to " + serializer);
    return SERIALIZATION
        .deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message))
        .get();
  }

  @Test
  void aBatchOfReadsKeepsEveryFieldAndItsReplyReceiver() {
    TestProbe<ForwardedAnswers> receiver = KIT.createTestProbe();
    ForwardedRead user =
        new ForwardedRead(
            7,
            ReadOperation.LIST_OBJECTS,
            "acme",
            "{\"user\":\"user:é\"}".getBytes(StandardCharsets.UTF_8),
            true,
            Caller.user("alice", Set.of("staff", "ops")));
    ForwardedRead key =
        new ForwardedRead(
            8, ReadOperation.CHECK, "acme", new byte[0], false, Caller.key("acme", "k1", "hash"));
    ForwardedReads back =
        (ForwardedReads) roundTrip(new ForwardedReads(List.of(user, key), receiver.getRef()));
    assertEquals(receiver.getRef(), back.replyTo());
    assertEquals(2, back.reads().size());
    ForwardedRead first = back.reads().get(0);
    assertEquals(7, first.id());
    assertEquals(ReadOperation.LIST_OBJECTS, first.operation());
    assertEquals("acme", first.organizationId());
    assertArrayEquals(user.body(), first.body());
    assertTrue(first.nativeShape());
    assertEquals(user.caller(), first.caller());
    assertEquals(key.caller(), back.reads().get(1).caller());
    assertEquals(Caller.OPERATOR, roundTripCaller(Caller.OPERATOR));
  }

  private static Caller roundTripCaller(Caller caller) {
    TestProbe<ForwardedAnswers> receiver = KIT.createTestProbe();
    ForwardedRead read =
        new ForwardedRead(1, ReadOperation.READ, "o", new byte[] {1}, false, caller);
    return ((ForwardedReads) roundTrip(new ForwardedReads(List.of(read), receiver.getRef())))
        .reads()
        .get(0)
        .caller();
  }

  @Test
  void answersKeepStatusBodyRevisionAndNotHosted() {
    ForwardedAnswers back =
        (ForwardedAnswers)
            roundTrip(
                new ForwardedAnswers(
                    List.of(
                        ForwardedAnswer.of(
                            3, new RenderedAnswer(400, "{\"code\":\"x\"}".getBytes(), -1)),
                        ForwardedAnswer.notHosted(4))));
    ForwardedAnswer answered = back.answers().get(0);
    assertEquals(3, answered.id());
    assertEquals(400, answered.answer().status());
    assertEquals(-1, answered.answer().revision());
    assertArrayEquals("{\"code\":\"x\"}".getBytes(), answered.answer().json());
    assertTrue(back.answers().get(1).notHosted());
    assertNull(back.answers().get(1).answer());
  }
}
