package io.castellan.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writers and checkers against one organization, every answer recorded: each writer writes a new
 * tuple per request ({@code document:<prefix>-<writer>-<n>#viewer@user:load}) and each checker asks
 * a check whose answer is known (allowed). Bounded: it runs until {@link #stop}, which a test calls
 * within its own time limit.
 */
final class MixedLoad {

  /** One write: the object it wrote, its HTTP status (-1: no answer), error code, and when. */
  record Write(String object, int status, String code, long startNanos, long endNanos) {

    boolean acknowledged() {
      return status == 200;
    }

    /** Answers that say the outcome is unknown: outcome_unknown, or no answer at all. */
    boolean outcomeUnknown() {
      return status == -1 || "outcome_unknown".equals(code);
    }

    /** Every other error answer means the write was not applied. */
    boolean refused() {
      return !acknowledged() && !outcomeUnknown();
    }

    long millis() {
      return (endNanos - startNanos) / 1_000_000;
    }
  }

  /** One check, and whether it was answered allowed (as it must be). */
  record Check(boolean allowed, int status, long startNanos) {}

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String baseUrl;
  private final String org;
  private final String checkBody;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();
  private final List<Write> writes = Collections.synchronizedList(new ArrayList<>());
  private final List<Check> checks = Collections.synchronizedList(new ArrayList<>());

  private MixedLoad(String baseUrl, String org, String checkBody) {
    this.baseUrl = baseUrl;
    this.org = org;
    this.checkBody = checkBody;
  }

  /** {@code checkBody}: a check request whose answer is allowed. */
  static MixedLoad start(
      String baseUrl, String org, String prefix, int writers, int checkers, String checkBody) {
    MixedLoad load = new MixedLoad(baseUrl, org, checkBody);
    for (int w = 0; w < writers; w++) {
      String writer = prefix + "-" + w;
      load.spawn(
          () -> {
            for (int n = 0; load.running.get(); n++) {
              load.write("document:" + writer + "-" + n);
            }
          });
    }
    for (int c = 0; c < checkers; c++) {
      load.spawn(
          () -> {
            while (load.running.get()) {
              load.check();
            }
          });
    }
    return load;
  }

  private void spawn(Runnable loop) {
    Thread thread = new Thread(loop, "mixed-load-" + threads.size());
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  private void write(String object) {
    String body =
        "{\"writes\": {\"tuple_keys\": [{\"object\": \""
            + object
            + "\", \"relation\": \"viewer\", \"user\": \"user:load\"}]}}";
    long start = System.nanoTime();
    int status = -1;
    String code = null;
    try {
      HttpResponse<String> response = post("/v1/orgs/" + org + "/write", body);
      status = response.statusCode();
      if (status != 200) {
        code = HttpClientSupport.JSON.readTree(response.body()).path("code").asText(null);
      }
    } catch (IOException e) {
      // nobody listens (the node is down): pauses below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    writes.add(new Write(object, status, code, start, System.nanoTime()));
    if (status != 200) {
      pause(); // as a client backs off after an error
    }
  }

  private void check() {
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = post("/v1/orgs/" + org + "/check", checkBody);
      JsonNode answer =
          response.statusCode() == 200 ? HttpClientSupport.JSON.readTree(response.body()) : null;
      checks.add(
          new Check(
              answer != null && answer.path("allowed").asBoolean(), response.statusCode(), start));
    } catch (IOException e) {
      checks.add(new Check(false, -1, start));
      pause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HttpResponse<String> post(String path, String body)
      throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + TestNode.OPERATOR_KEY)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops every thread (each finishes the request it is in) and returns once they have ended. */
  MixedLoad stop() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join(Duration.ofSeconds(30).toMillis());
      if (thread.isAlive()) {
        throw new IllegalStateException(thread.getName() + " did not end within 30 s");
      }
    }
    return this;
  }

  List<Write> writes() {
    synchronized (writes) {
      return List.copyOf(writes);
    }
  }

  List<Check> checks() {
    synchronized (checks) {
      return List.copyOf(checks);
    }
  }

  /**
   * The first acknowledged write that started after {@code nanos}, waiting up to {@code timeout}.
   */
  Write firstAcknowledgedAfter(long nanos, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (Write write : writes()) {
        if (write.acknowledged() && write.startNanos() >= nanos) {
          return write;
        }
      }
      Thread.sleep(50);
    }
    return null;
  }
}
