package io.castellan.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A watch subscriber over a real WebSocket (the JDK's client): it queues every message it reads. A
 * reading client asks for the next message as soon as one arrives; a stalled one asks for none
 * until {@link #read()}, so the server's buffer for it fills as a slow client's would.
 */
final class WatchClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Close> closed = new CompletableFuture<>();
  private final WebSocket socket;
  private volatile boolean reading;

  private WatchClient(String url, String credential, boolean reading) {
    this.reading = reading;
    WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (credential != null) {
      builder.header("Authorization", "Bearer " + credential);
    }
    this.socket = builder.buildAsync(URI.create(url), new Listener()).join();
  }

  /** {@code baseUrl}: the node's http:// address; {@code pathAndQuery}: /v1/orgs/.../watch?... */
  static WatchClient open(String baseUrl, String pathAndQuery) {
    return new WatchClient(wsUrl(baseUrl, pathAndQuery), TestNode.OPERATOR_KEY, true);
  }

  static WatchClient open(String baseUrl, String pathAndQuery, String credential) {
    return new WatchClient(wsUrl(baseUrl, pathAndQuery), credential, true);
  }

  /** A client that reads nothing until told to. */
  static WatchClient stalled(String baseUrl, String pathAndQuery) {
    return new WatchClient(wsUrl(baseUrl, pathAndQuery), TestNode.OPERATOR_KEY, false);
  }

  private static String wsUrl(String baseUrl, String pathAndQuery) {
    return baseUrl.replaceFirst("^http", "ws") + pathAndQuery;
  }

  /** The next message, or null after {@code timeout}. */
  JsonNode next(Duration timeout) {
    try {
      return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next message of {@code type} (others skipped), or null after {@code timeout}. */
  JsonNode next(String type, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode message = next(Duration.ofNanos(deadline - System.nanoTime()));
      if (message != null && message.path("type").asText().equals(type)) {
        return message;
      }
    }
    return null;
  }

  /**
   * Every message until one names {@code revision} or later, or the stream ends, or {@code timeout}
   * passes.
   */
  List<JsonNode> until(long revision, Duration timeout) {
    List<JsonNode> read = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode message = next(Duration.ofMillis(100));
      if (message != null) {
        read.add(message);
        if (revision(message) >= revision || message.path("type").asText().equals("error")) {
          return read;
        }
      } else if (closed.isDone() && messages.isEmpty()) {
        return read;
      }
    }
    return read;
  }

  /** Every message until the server closes the stream, or {@code timeout} passes. */
  List<JsonNode> untilClosed(Duration timeout) {
    List<JsonNode> read = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && !(closed.isDone() && messages.isEmpty())) {
      JsonNode message = next(Duration.ofMillis(100));
      if (message != null) {
        read.add(message);
      }
    }
    return read;
  }

  static long revision(JsonNode message) {
    return Long.parseLong(message.path("revision").asText().substring(1));
  }

  /** A stalled client starts reading. */
  void read() {
    reading = true;
    socket.request(1);
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  /** The server's close frame: its status code and reason. */
  record Close(int code, String reason) {}

  /** How the server closed the stream, or null if it did not within {@code timeout}. */
  Close closeFrame(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public void onOpen(WebSocket webSocket) {
      if (reading) {
        webSocket.request(1);
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          messages.add(JSON.readTree(partial.toString()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        partial.setLength(0);
      }
      if (reading) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(new Close(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(new Close(-1, String.valueOf(error)));
    }
  }
}
