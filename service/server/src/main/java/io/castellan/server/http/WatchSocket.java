package io.castellan.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.castellan.protocol.RevisionToken;
import io.castellan.server.history.AuditEntry;
import io.castellan.server.watch.WatchMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.event.Logging;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.impl.engine.ws.FrameEvent;
import org.apache.pekko.http.impl.engine.ws.FrameEvent$;
import org.apache.pekko.http.impl.engine.ws.FrameStart;
import org.apache.pekko.http.impl.engine.ws.Protocol;
import org.apache.pekko.http.impl.engine.ws.UpgradeToWebSocketLowLevel;
import org.apache.pekko.http.impl.engine.ws.WebSocket$;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.http.scaladsl.model.ws.Message;
import org.apache.pekko.http.scaladsl.settings.ServerSettings$;
import org.apache.pekko.http.scaladsl.settings.WebSocketSettings;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.Graph;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import scala.Option;
import scala.concurrent.duration.FiniteDuration;

/**
 * A watch stream as a WebSocket whose close frame says why it ended: a stream that ends with an
 * {@code error} message closes with 4000 + that error's HTTP status (4429 for {@code
 * watch_overflow}) and the reason {@code "<code> since=<revision token>"}, the revision to resume
 * from; a deleted organization's stream closes normally (1000) with {@code "closed
 * revision=<token>"}.
 *
 * <p>Why this reaches into Pekko HTTP's internals: its public API closes every stream the server
 * ends with 1000 and no reason (akka/akka-http#2458, inherited by Pekko HTTP, still open). So the
 * socket is built from Pekko's own WebSocket layers (masking, control frames, the close handshake,
 * messages), exactly as the public {@code handleMessagesWith} builds it, and only the close frame
 * that those layers send when the stream completes is replaced with one that carries the code. (The
 * watch's own messages are rendered to frames here, for speed: see {@link #accept}.) The internal
 * classes are those of pekko-http 1.3.0 (pinned in the parent POM); {@code WatchIntegrationTest}
 * reads the code and reason with the JDK's client, so an upgrade that changes them fails the build
 * rather than the clients.
 */
final class WatchSocket {

  /** RFC 6455: a close frame's reason is at most 123 bytes. */
  private static final int MAX_REASON_BYTES = 123;

  private static final int NORMAL_CLOSURE = 1000;
  private static final int INTERNAL_ERROR = 1011;
  private static final byte CLOSE_OPCODE = 8;
  private static final Protocol.Opcode TEXT = Protocol.Opcode$.MODULE$.forCode((byte) 1);
  private static final FiniteDuration CLOSE_TIMEOUT = FiniteDuration.create(3, TimeUnit.SECONDS);

  private final WebSocketSettings settings;
  private final LoggingAdapter log;
  // a live change reaches every subscriber of its organization on this node as the same entry
  private final Cache<AuditEntry, FrameStart> changeFrames =
      Caffeine.newBuilder().weakKeys().maximumSize(4096).build();

  WatchSocket(ActorSystem<?> system) {
    // the settings the server was bound with: HttpServer binds with the configured defaults
    this.settings = ServerSettings$.MODULE$.apply(system.settings().config()).websocketSettings();
    this.log = Logging.getLogger(system.classicSystem(), WatchSocket.class);
  }

  /**
   * Accepts the upgrade: {@code messages} (in batches) go out as text frames rendered by {@code
   * json}; any message from the client completes {@code stop} (the server reads none).
   *
   * <p>The messages do not pass through Pekko's message layer: its renderer encodes every message
   * and runs a sub-stream for it, per subscriber, which was a fifth of the node's CPU with 1,000
   * subscribers of one organization. They are rendered to frames here, a live change's frame once
   * for all its subscribers, and merged into the frames below that layer. The layer still handles
   * the client's frames, pings and the close handshake: its own outgoing messages are none, and
   * they end (so that it sends its close frame) only after the last of these frames.
   */
  HttpResponse accept(
      WebSocketUpgrade upgrade,
      Source<List<WatchMessage>, NotUsed> messages,
      Function<WatchMessage, String> json,
      CompletableFuture<String> stop) {
    AtomicReference<FrameStart> closeFrame = new AtomicReference<>();
    CompletableFuture<Done> allSent = new CompletableFuture<>();
    // the stream ends at once, so a long message need not be read through
    Sink<Message, ?> incoming =
        Sink.foreach(
            message ->
                stop.complete(
                    "the server reads no messages: give the subscription in the query string"));
    Source<Message, NotUsed> noMessages =
        Source.completionStage(allSent).<Message>mapConcat(done -> List.of());
    // never completes by itself: the merge below ends when the message layer has closed
    Source<FrameEvent, NotUsed> data =
        messages
            .mapConcat(
                batch -> {
                  List<FrameEvent> out = new ArrayList<>(batch.size());
                  for (WatchMessage message : batch) {
                    if (message.last()) {
                      closeFrame.set(closeFrameFor(message));
                    }
                    out.add(frame(message, json));
                  }
                  return out;
                })
            .recoverWithRetries(
                1,
                new PFBuilder<Throwable, Graph<SourceShape<FrameEvent>, NotUsed>>()
                    .matchAny(
                        failure -> {
                          log.warning("a watch stream failed: {}", failure);
                          closeFrame.set(
                              FrameEvent$.MODULE$.closeFrame(
                                  INTERNAL_ERROR, "internal error", Option.<Object>empty()));
                          return Source.empty();
                        })
                    .build())
            .watchTermination(
                (notUsed, done) -> {
                  done.whenComplete((ok, failure) -> allSent.complete(Done.getInstance()));
                  return notUsed;
                })
            .concat(Source.never());
    // Object: the Scala signature's Any
    Flow<FrameEvent, FrameEvent, Object> frames =
        Flow.fromGraph(
                WebSocket$.MODULE$
                    .stack(true, settings, CLOSE_TIMEOUT, log)
                    .join(Flow.fromSinkAndSourceCoupled(incoming, noMessages)))
            .map(frame -> replaceClose(frame, closeFrame.get()))
            .merge(data, true)
            .filter(new NothingAfterClose()::pass)
            .mapMaterializedValue(notUsed -> notUsed);
    return ((UpgradeToWebSocketLowLevel) upgrade).handleFrames(frames, Option.empty());
  }

  /** A message as one text frame; a live change's frame is shared by all its subscribers. */
  private FrameStart frame(WatchMessage message, Function<WatchMessage, String> json) {
    if (message instanceof WatchMessage.Change change) {
      return changeFrames.get(change.entry(), entry -> textFrame(json.apply(message)));
    }
    return textFrame(json.apply(message));
  }

  static FrameStart textFrame(String text) {
    return FrameEvent$.MODULE$.fullFrame(
        TEXT,
        Option.empty(),
        ByteString.fromString(text, StandardCharsets.UTF_8),
        true, // fin; no extension bits
        false,
        false,
        false);
  }

  /**
   * Passes frames up to the first close frame (RFC 6455: nothing after it). The message layer
   * closes by itself on a client's protocol error, while data frames may still be on their way.
   */
  static final class NothingAfterClose {
    private boolean closed; // one stage's, one frame at a time

    boolean pass(FrameEvent frame) {
      if (closed) {
        return false;
      }
      closed = frame instanceof FrameStart start && start.header().opcode().code() == CLOSE_OPCODE;
      return true;
    }
  }

  /** Only a normal close (1000) is replaced: an error close of Pekko's own (1011, 1002) stays. */
  private static FrameEvent replaceClose(FrameEvent frame, FrameStart replacement) {
    if (replacement != null
        && frame instanceof FrameStart start
        && start.header().opcode().code() == CLOSE_OPCODE
        && start.data().length() >= 2
        && ((start.data().apply(0) & 0xff) << 8 | (start.data().apply(1) & 0xff))
            == NORMAL_CLOSURE) {
      return replacement;
    }
    return frame;
  }

  /** The close frame for a stream's last message. */
  static FrameStart closeFrameFor(WatchMessage last) {
    return FrameEvent$.MODULE$.closeFrame(
        closeCode(last), closeReason(last), Option.<Object>empty());
  }

  static int closeCode(WatchMessage last) {
    if (last instanceof WatchMessage.Failure failure) {
      return 4000 + failure.code().httpStatus;
    }
    return NORMAL_CLOSURE;
  }

  static String closeReason(WatchMessage last) {
    String reason =
        last instanceof WatchMessage.Failure failure
            ? failure.code().label + " since=" + RevisionToken.of(failure.revision())
            : "closed revision=" + RevisionToken.of(last.revision());
    // labels and tokens are ASCII: one byte a character
    return reason.length() <= MAX_REASON_BYTES ? reason : reason.substring(0, MAX_REASON_BYTES);
  }
}
