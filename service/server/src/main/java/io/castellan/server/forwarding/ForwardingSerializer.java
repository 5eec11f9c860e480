package io.castellan.server.forwarding;

import io.castellan.server.organization.Caller;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The wire format of forwarded reads and their answers: fields in order, lengths before bytes.
 * Written by hand rather than through Jackson (as every other message is) because it is on the path
 * of every read that crosses nodes: Jackson's CBOR took a tenth of the forwarding node's CPU, most
 * of it resolving the reply address again for each read. Here a batch names its reply receiver once
 * and each node's receiver is resolved once. Nodes of one version only (as every message between
 * nodes: see the README): enums travel by ordinal.
 */
public final class ForwardingSerializer extends SerializerWithStringManifest {

  private static final String READS = "R";
  private static final String ANSWERS = "A";
  private static final int MAX_RESOLVED = 1_000; // reply receivers: one per node incarnation

  private final ExtendedActorSystem system;
  private final Map<String, ActorRef<ForwardedAnswers>> resolved = new ConcurrentHashMap<>();
  private final Map<ActorRef<?>, String> written = new ConcurrentHashMap<>();
  private volatile ActorRefResolver resolver;

  public ForwardingSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public int identifier() {
    return 7_301;
  }

  @Override
  public String manifest(Object message) {
    if (message instanceof ForwardedReads) {
      return READS;
    }
    if (message instanceof ForwardedAnswers) {
      return ANSWERS;
    }
    throw new IllegalArgumentException("not a forwarding message: " + message.getClass());
  }

  @Override
  public byte[] toBinary(Object message) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (message instanceof ForwardedReads reads) {
        writeReads(out, reads);
      } else if (message instanceof ForwardedAnswers answers) {
        writeAnswers(out, answers);
      } else {
        throw new IllegalArgumentException("not a forwarding message: " + message.getClass());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      return switch (manifest) {
        case READS -> readReads(in);
        case ANSWERS -> readAnswers(in);
        default -> throw new IllegalArgumentException("unknown manifest '" + manifest + "'");
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeReads(DataOutputStream out, ForwardedReads reads) throws IOException {
    String replyTo = written.get(reads.replyTo());
    if (replyTo == null) {
      if (written.size() > MAX_RESOLVED) {
        written.clear();
      }
      replyTo = resolver().toSerializationFormat(reads.replyTo());
      written.put(reads.replyTo(), replyTo);
    }
    writeString(out, replyTo);
    out.writeInt(reads.reads().size());
    for (ForwardedRead read : reads.reads()) {
      out.writeLong(read.id());
      out.writeByte(read.operation().ordinal());
      writeString(out, read.organizationId());
      writeBytes(out, read.body());
      out.writeBoolean(read.nativeShape());
      Caller caller = read.caller();
      out.writeByte(caller.kind().ordinal());
      writeString(out, caller.id());
      out.writeInt(caller.groups().size());
      for (String group : caller.groups()) {
        writeString(out, group);
      }
      writeString(out, caller.organization());
      writeString(out, caller.secretHash());
    }
  }

  private ForwardedReads readReads(DataInputStream in) throws IOException {
    String replyTo = readString(in);
    ActorRef<ForwardedAnswers> receiver = resolved.get(replyTo);
    if (receiver == null) {
      if (resolved.size() > MAX_RESOLVED) {
        resolved.clear();
      }
      receiver = resolver().resolveActorRef(replyTo);
      resolved.put(replyTo, receiver);
    }
    int count = in.readInt();
    List<ForwardedRead> reads = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long id = in.readLong();
      ReadOperation operation = ReadOperation.values()[in.readByte()];
      String organizationId = readString(in);
      byte[] body = readBytes(in);
      boolean nativeShape = in.readBoolean();
      Caller.Kind kind = Caller.Kind.values()[in.readByte()];
      String callerId = readString(in);
      int groupCount = in.readInt();
      Set<String> groups = new HashSet<>(groupCount * 2);
      for (int g = 0; g < groupCount; g++) {
        groups.add(readString(in));
      }
      Caller caller = new Caller(kind, callerId, groups, readString(in), readString(in));
      reads.add(new ForwardedRead(id, operation, organizationId, body, nativeShape, caller));
    }
    return new ForwardedReads(reads, receiver);
  }

  private static void writeAnswers(DataOutputStream out, ForwardedAnswers answers)
      throws IOException {
    out.writeInt(answers.answers().size());
    for (ForwardedAnswer answer : answers.answers()) {
      out.writeLong(answer.id());
      out.writeBoolean(answer.notHosted());
      if (!answer.notHosted()) {
        out.writeInt(answer.answer().status());
        out.writeLong(answer.answer().revision());
        writeBytes(out, answer.answer().json());
      }
    }
  }

  private static ForwardedAnswers readAnswers(DataInputStream in) throws IOException {
    int count = in.readInt();
    List<ForwardedAnswer> answers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long id = in.readLong();
      if (in.readBoolean()) {
        answers.add(ForwardedAnswer.notHosted(id));
      } else {
        int status = in.readInt();
        long revision = in.readLong();
        answers.add(ForwardedAnswer.of(id, new RenderedAnswer(status, readBytes(in), revision)));
      }
    }
    return new ForwardedAnswers(answers);
  }

  private ActorRefResolver resolver() {
    ActorRefResolver current = resolver;
    if (current == null) { // not at construction: the serializer is made while the system starts
      current = ActorRefResolver.get(Adapter.toTyped(system));
      resolver = current;
    }
    return current;
  }

  /** A string, or null, as its UTF-8 length (-1: null) and bytes. */
  private static void writeString(DataOutputStream out, String value) throws IOException {
    writeBytes(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] bytes = readBytes(in);
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(value.length);
      out.write(value);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] value = new byte[length];
    in.readFully(value);
    return value;
  }
}
