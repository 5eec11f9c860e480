import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
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
 * <p>{@code catchup <base-url> <org> <seconds>}: one subscriber from the first revision; prints
 * the changes per second it receives until it has caught up with the newest revision (or the time
 * runs out).
 *
 * <p>The credential is {@code CASTELLAN_TOKEN}. Everything is bounded in time.
 */
public final class WatchBench {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static String token;

  public static void main(String[] args) throws Exception {
    token = System.getenv("CASTELLAN_TOKEN");
    switch (args[0]) {
      case "delivery" -> delivery(
          args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
          Integer.parseInt(args[5]));
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

  /** A subscriber that notes when each change arrived (nanoTime, by revision offset). */
  static final class Subscriber implements WebSocket.Listener {
    final long first;
    final long[] arrived;
    final AtomicLong changes = new AtomicLong();
    final CountDownLatch subscribed = new CountDownLatch(1);
    final StringBuilder partial = new StringBuilder();
    volatile long subscribedAt = -1;

    Subscriber(long first, int capacity) {
      this.first = first;
      this.arrived = new long[capacity];
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
          long offset = revision(partial) - first;
          if (offset >= 0 && offset < arrived.length) {
            arrived[(int) offset] = now;
          }
          changes.incrementAndGet();
        } else if (partial.indexOf("\"type\":\"subscribed\"") >= 0) {
          subscribedAt = revision(partial);
          subscribed.countDown();
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
    List<Subscriber> listeners = new ArrayList<>();
    List<WebSocket> sockets = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      Subscriber subscriber = new Subscriber(start + 1, capacity);
      sockets.add(open(base, org, "?heartbeat=300", subscriber));
      listeners.add(subscriber);
    }
    for (Subscriber subscriber : listeners) {
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
    for (Subscriber subscriber : listeners) {
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
        "watch delivery: %d subscribers, %d writes/s for %d s (%d writes acknowledged, %d failed):"
            + " p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d deliveries;"
            + " %d of %d subscribers got every revision once;"
            + " from sending the write: p50 %.1f ms, p99 %.1f ms%n",
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
}
