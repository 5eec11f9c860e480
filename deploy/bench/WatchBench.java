import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watch benchmarks against a running node, with the JDK's HTTP and WebSocket clients only (run it
 * with {@code java deploy/bench/WatchBench.java ...}, no build needed).
 *
 * <p>{@code delivery <base-url> <org> <subscribers> <writes-per-second> <seconds>}: opens the
 * subscribers, then writes one tuple at a time at a steady rate; for every write and every
 * subscriber, the time from the write's acknowledgement (its HTTP answer) to the change's arrival
 * (a change that arrives before its acknowledgement counts as 0). Prints p50, p99, max, and
 * whether every subscriber got every revision.
 *
 * <p>{@code delivery-nio ...} (same arguments): the same, with subscribers that are raw WebSocket
 * connections read by one thread with a selector ({@link RawSubscribers}). The JDK's client costs
 * about 9 us of CPU per message received, so on this machine 1,000 of them cannot take 500,000
 * messages a second beside the server; these read a batch of frames with one system call and look
 * at each message only for its type and revision.
 *
 * <p>{@code catchup <base-url> <org> <seconds>}: one subscriber from the first revision; prints
 * the changes per second it receives until it has caught up with the newest revision (or the time
 * runs out).
 *
 * <p>The credential is {@code CASTELLAN_TOKEN}. Everything is bounded in time.
 */
public final class WatchBench {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static String token;
  private static boolean raw;

  public static void main(String[] args) throws Exception {
    token = System.getenv("CASTELLAN_TOKEN");
    switch (args[0]) {
      case "delivery" -> delivery(
          args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
          Integer.parseInt(args[5]));
      case "delivery-nio" -> {
        raw = true;
        delivery(
            args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
            Integer.parseInt(args[5]));
      }
      case "catchup" -> catchup(args[1], args[2], Integer.parseInt(args[3]));
      default -> throw new IllegalArgumentException("delivery or catchup");
    }
    System.exit(0);
  }

  /** The revision a message names: the number after "revision":"r. */
  static long revision(CharSequence message) {
    String text = message.toString();
    int at = text.indexOf("\"revision\":\"r");
    if (at < 0) {
      return -1;
    }
    int start = at + 13;
    int end = text.indexOf('"', start);
    return Long.parseLong(text, start, end, 10);
  }

  static boolean isChange(CharSequence message) {
    return message.toString().startsWith("{\"type\":\"change\"");
  }

  /** Where a subscriber notes when each change arrived (nanoTime, by revision offset). */
  static class Arrivals {
    final long first;
    final long[] arrived;
    final AtomicLong changes = new AtomicLong();
    final CountDownLatch subscribed = new CountDownLatch(1);
    volatile long subscribedAt = -1;

    Arrivals(long first, int capacity) {
      this.first = first;
      this.arrived = new long[capacity];
    }

    void change(long revision, long now) {
      long offset = revision - first;
      if (offset >= 0 && offset < arrived.length) {
        arrived[(int) offset] = now;
      }
      changes.incrementAndGet();
    }

    void subscribed(long revision) {
      subscribedAt = revision;
      subscribed.countDown();
    }
  }

  /** A subscriber on the JDK's WebSocket client. */
  static final class Subscriber extends Arrivals implements WebSocket.Listener {
    final StringBuilder partial = new StringBuilder();

    Subscriber(long first, int capacity) {
      super(first, capacity);
    }

    @Override
    public void onOpen(WebSocket socket) {
      socket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      long now = System.nanoTime();
      partial.append(data);
      if (last) {
        if (isChange(partial)) {
          change(revision(partial), now);
        } else if (partial.indexOf("\"type\":\"subscribed\"") >= 0) {
          subscribed(revision(partial));
        }
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }
  }

  /** A subscription; refused for the rate limit (429), it waits and tries again (bounded). */
  static WebSocket open(String base, String org, String query, WebSocket.Listener listener)
      throws InterruptedException {
    URI uri = URI.create(base.replaceFirst("^http", "ws") + "/v1/orgs/" + org + "/watch" + query);
    for (int attempt = 0; ; attempt++) {
      try {
        return HTTP.newWebSocketBuilder()
            .header("Authorization", "Bearer " + token)
            .connectTimeout(Duration.ofSeconds(10))
            .buildAsync(uri, listener)
            .join();
      } catch (java.util.concurrent.CompletionException e) {
        if (attempt < 600
            && e.getCause() instanceof java.net.http.WebSocketHandshakeException refused
            && refused.getResponse().statusCode() == 429) {
          Thread.sleep(100);
          continue;
        }
        throw e;
      }
    }
  }

  static long newest(String base, String org) throws Exception {
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/orgs/" + org))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return revision(answer.body());
  }

  static void delivery(String base, String org, int subscribers, int rate, int seconds)
      throws Exception {
    long start = newest(base, org);
    int capacity = rate * seconds + 1000;
    List<Arrivals> listeners = new ArrayList<>();
    List<WebSocket> sockets = new ArrayList<>();
    RawSubscribers rawSubscribers = null;
    if (raw) {
      rawSubscribers = new RawSubscribers(base, org, "?heartbeat=300");
      for (int i = 0; i < subscribers; i++) {
        listeners.add(rawSubscribers.open(new Arrivals(start + 1, capacity)));
      }
      rawSubscribers.start();
    } else {
      for (int i = 0; i < subscribers; i++) {
        Subscriber subscriber = new Subscriber(start + 1, capacity);
        sockets.add(open(base, org, "?heartbeat=300", subscriber));
        listeners.add(subscriber);
      }
    }
    for (Arrivals subscriber : listeners) {
      subscriber.subscribed.await(30, TimeUnit.SECONDS);
    }
    Thread.sleep(2000); // the live feed reaches every subscriber
    long[] acknowledged = new long[capacity];
    long[] sentAt = new long[capacity];
    ConcurrentHashMap<Long, Boolean> failures = new ConcurrentHashMap<>();
    ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    AtomicLong sent = new AtomicLong();
    List<CompletableFuture<?>> writes = new ArrayList<>();
    long total = (long) rate * seconds;
    String run = Long.toString(System.nanoTime(), 36); // new tuples on every run
    long periodNanos = 1_000_000_000L / rate;
    CountDownLatch done = new CountDownLatch(1);
    pacer.scheduleAtFixedRate(
        () -> {
          long n = sent.incrementAndGet();
          if (n > total) {
            done.countDown();
            return;
          }
          String body =
              "{\"writes\": {\"tuple_keys\": [{\"object\": \"document:w" + run + "_" + n
                  + "\", \"relation\": \"viewer\", \"user\": \"user:u" + n + "\"}]}}";
          long sending = System.nanoTime();
          CompletableFuture<?> write =
              HTTP.sendAsync(
                      HttpRequest.newBuilder(URI.create(base + "/v1/orgs/" + org + "/write"))
                          .header("Authorization", "Bearer " + token)
                          .POST(HttpRequest.BodyPublishers.ofString(body))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .thenAccept(
                      answer -> {
                        long now = System.nanoTime();
                        long revision = revision(answer.body());
                        if (answer.statusCode() != 200 || revision < 0) {
                          failures.put(n, true);
                          if (failures.size() == 1) {
                            System.err.println("a write failed: " + answer.statusCode() + " " + answer.body());
                          }
                          return;
                        }
                        long offset = revision - start - 1;
                        if (offset >= 0 && offset < capacity) {
                          acknowledged[(int) offset] = now;
                          sentAt[(int) offset] = sending;
                        }
                      })
                  .exceptionally(
                      failure -> { // e.g. a kept-alive connection the server had closed
                        failures.put(n, true);
                        return null;
                      });
          synchronized (writes) {
            writes.add(write);
          }
        },
        0,
        periodNanos,
        TimeUnit.NANOSECONDS);
    done.await(seconds + 30L, TimeUnit.SECONDS);
    pacer.shutdownNow();
    try {
      synchronized (writes) {
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
            .get(30, TimeUnit.SECONDS);
      }
    } catch (java.util.concurrent.TimeoutException e) {
      System.out.printf(
          "watch delivery: %d subscribers, %d writes/s for %d s: the writes were not all"
              + " answered 30 s after the last was sent: this machine did not keep up%n",
          subscribers, rate, seconds);
      sockets.forEach(WebSocket::abort);
      if (rawSubscribers != null) {
        rawSubscribers.close();
      }
      return;
    }
    long last = newest(base, org);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline
        && listeners.stream().anyMatch(s -> s.changes.get() < last - start)) {
      Thread.sleep(100);
    }
    int expected = (int) (last - start);
    long[] latencies = new long[subscribers * expected];
    long[] fromSend = new long[subscribers * expected];
    int count = 0;
    int complete = 0;
    for (Arrivals subscriber : listeners) {
      boolean all = true;
      for (int i = 0; i < expected; i++) {
        if (subscriber.arrived[i] == 0) {
          all = false;
          continue;
        }
        if (acknowledged[i] != 0) {
          fromSend[count] = subscriber.arrived[i] - sentAt[i];
          latencies[count++] = Math.max(0, subscriber.arrived[i] - acknowledged[i]);
        }
      }
      complete += all ? 1 : 0;
    }
    long[] sorted = Arrays.copyOf(latencies, count);
    Arrays.sort(sorted);
    long[] sortedFromSend = Arrays.copyOf(fromSend, count);
    Arrays.sort(sortedFromSend);
    System.out.printf(
        "watch delivery%s: %d subscribers, %d writes/s for %d s (%d writes acknowledged, %d failed):"
            + " p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d deliveries;"
            + " %d of %d subscribers got every revision once;"
            + " from sending the write: p50 %.1f ms, p99 %.1f ms%n",
        raw ? " (raw clients)" : "",
        subscribers,
        rate,
        seconds,
        expected,
        failures.size(),
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        count == 0 ? 0 : sorted[count - 1] / 1e6,
        count,
        complete,
        subscribers,
        percentile(sortedFromSend, 0.50),
        percentile(sortedFromSend, 0.99));
    sockets.forEach(WebSocket::abort);
    if (rawSubscribers != null) {
      System.out.printf("  (raw subscribers: %s)%n", rawSubscribers.problems());
      rawSubscribers.close();
    }
  }

  static double percentile(long[] sorted, double share) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(share * sorted.length))] / 1e6;
  }

  static void catchup(String base, String org, int seconds) throws Exception {
    long last = newest(base, org);
    Subscriber subscriber = new Subscriber(1, 1);
    long begin = System.nanoTime();
    WebSocket socket = open(base, org, "?since=r0&heartbeat=300", subscriber);
    long deadline = begin + TimeUnit.SECONDS.toNanos(seconds);
    while (subscriber.changes.get() < last && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    double elapsed = (System.nanoTime() - begin) / 1e9;
    System.out.printf(
        "watch catch-up: %d of %d changes from the first revision in %.1f s: %.0f changes/s%n",
        subscriber.changes.get(), last, elapsed, subscriber.changes.get() / elapsed);
    socket.abort();
  }

  /**
   * WebSocket subscribers as raw connections, all read by one thread with a selector. Each is
   * opened with a plain HTTP/1.1 upgrade; the server's frames are unmasked, so a frame is a two to
   * ten byte header and its payload. Text frames are looked at for their type and revision only;
   * a close frame, a fragmented or binary frame, or a failed upgrade is counted as a problem (and
   * that subscriber then misses revisions, which the report shows).
   */
  static final class RawSubscribers {
    private static final byte[] CHANGE = "{\"type\":\"change\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUBSCRIBED =
        "{\"type\":\"subscribed\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REVISION = "\"revision\":\"r".getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress address;
    private final byte[] upgrade;
    private final Selector selector;
    private final ConcurrentHashMap<String, Integer> problems = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private Thread reader;

    RawSubscribers(String base, String org, String query) throws IOException {
      URI uri = URI.create(base);
      this.address = new InetSocketAddress(uri.getHost(), uri.getPort());
      this.upgrade =
          ("GET /v1/orgs/" + org + "/watch" + query + " HTTP/1.1\r\n"
                  + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                  + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  + "Sec-WebSocket-Version: 13\r\n"
                  + "Authorization: Bearer " + token + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      this.selector = Selector.open();
    }

    /** One connection: connected and upgrade sent here, read by the selector thread. */
    Arrivals open(Arrivals arrivals) throws IOException {
      SocketChannel channel = SocketChannel.open(address);
      channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
      ByteBuffer request = ByteBuffer.wrap(upgrade);
      while (request.hasRemaining()) {
        channel.write(request);
      }
      channel.configureBlocking(false);
      channel.register(selector, SelectionKey.OP_READ, new Connection(channel, arrivals));
      return arrivals;
    }

    void start() {
      reader = new Thread(this::read, "raw-subscribers");
      reader.setDaemon(true);
      reader.start();
    }

    String problems() {
      return problems.isEmpty() ? "no problems" : problems.toString();
    }

    void close() throws InterruptedException {
      running = false;
      selector.wakeup();
      reader.join(5000);
      for (SelectionKey key : selector.keys()) {
        try {
          key.channel().close();
        } catch (IOException ignored) {
          // closing at the end of the run
        }
      }
    }

    private void read() {
      try {
        while (running) {
          selector.select(200);
          long now = System.nanoTime();
          for (SelectionKey key : selector.selectedKeys()) {
            Connection connection = (Connection) key.attachment();
            if (!connection.read(now)) {
              key.cancel();
              key.channel().close();
            }
          }
          selector.selectedKeys().clear();
        }
      } catch (IOException e) {
        problems.merge("reader failed: " + e, 1, Integer::sum);
      }
    }

    private final class Connection {
      final SocketChannel channel;
      final Arrivals arrivals;
      final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
      boolean upgraded;

      Connection(SocketChannel channel, Arrivals arrivals) {
        this.channel = channel;
        this.arrivals = arrivals;
      }

      /** Reads what is there; false when the connection is over. */
      boolean read(long now) throws IOException {
        int read = channel.read(buffer);
        if (read < 0) {
          problems.merge("closed by the server", 1, Integer::sum);
          return false;
        }
        buffer.flip();
        boolean open = upgraded || upgrade();
        while (open && upgraded) {
          int frame = frame(now);
          if (frame == 0) {
            break;
          }
          open = frame > 0;
        }
        buffer.compact();
        if (!buffer.hasRemaining()) {
          problems.merge("a message larger than 64 KiB", 1, Integer::sum);
          return false;
        }
        return open;
      }

      /** The upgrade's answer, once it is all there; false if it is not 101. */
      private boolean upgrade() {
        byte[] bytes = buffer.array();
        for (int i = buffer.position(); i + 3 < buffer.limit(); i++) {
          if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
            String head = new String(bytes, buffer.position(), i - buffer.position(), StandardCharsets.US_ASCII);
            buffer.position(i + 4);
            if (!head.startsWith("HTTP/1.1 101")) {
              problems.merge("upgrade refused: " + head.lines().findFirst().orElse(""), 1, Integer::sum);
              return false;
            }
            upgraded = true;
            return true;
          }
        }
        return true; // not all there yet
      }

      /** One frame: 1 handled, 0 not all there yet, -1 the connection is over. */
      private int frame(long now) {
        int start = buffer.position();
        int available = buffer.remaining();
        if (available < 2) {
          return 0;
        }
        byte[] bytes = buffer.array();
        int first = bytes[start] & 0xff;
        int length = bytes[start + 1] & 0x7f;
        int header = 2;
        if (length == 126) {
          header = 4;
          if (available < header) {
            return 0;
          }
          length = (bytes[start + 2] & 0xff) << 8 | (bytes[start + 3] & 0xff);
        } else if (length == 127) {
          problems.merge("a frame over 64 KiB", 1, Integer::sum);
          return -1;
        }
        if (available < header + length) {
          return 0;
        }
        buffer.position(start + header + length);
        int payload = start + header;
        if (first == 0x88) {
          problems.merge("closed by the server", 1, Integer::sum);
          return -1;
        }
        if (first != 0x81) {
          problems.merge("a frame other than a whole text frame: " + first, 1, Integer::sum);
          return 1;
        }
        if (startsWith(bytes, payload, length, CHANGE)) {
          arrivals.change(revision(bytes, payload, length), now);
        } else if (startsWith(bytes, payload, length, SUBSCRIBED)) {
          arrivals.subscribed(revision(bytes, payload, length));
        }
        return 1;
      }
    }

    private static boolean startsWith(byte[] bytes, int from, int length, byte[] prefix) {
      if (length < prefix.length) {
        return false;
      }
      for (int i = 0; i < prefix.length; i++) {
        if (bytes[from + i] != prefix[i]) {
          return false;
        }
      }
      return true;
    }

    /** The number after "revision":"r in a message; -1 if there is none. */
    private static long revision(byte[] bytes, int from, int length) {
      int end = from + length - REVISION.length;
      for (int i = from; i <= end; i++) {
        if (startsWith(bytes, i, REVISION.length, REVISION)) {
          long revision = 0;
          for (int j = i + REVISION.length; j < from + length && bytes[j] != '"'; j++) {
            revision = revision * 10 + (bytes[j] - '0');
          }
          return revision;
        }
      }
      return -1;
    }
  }
}
