package io.castellan.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The request deadline")
class RequestDeadlineTest {

  private static final Executor DIRECT = Runnable::run;

  @Test
  @DisplayName("passes an answer that is already there through untouched")
  void passesAFinishedAnswerThrough() {
    CompletableFuture<String> answer = CompletableFuture.completedFuture("allowed");
    assertSame(
        answer, new RequestDeadline(Duration.ofMillis(1), DIRECT).bound(answer, "timed out"));
  }

  @Test
  @DisplayName("passes a pending answer on when it arrives in time")
  void passesATimelyAnswerOn() throws Exception {
    CompletableFuture<String> answer = new CompletableFuture<>();
    CompletableFuture<String> bounded =
        new RequestDeadline(Duration.ofSeconds(10), DIRECT)
            .bound(answer, "timed out")
            .toCompletableFuture();
    answer.complete("allowed");
    assertEquals("allowed", bounded.get(1, TimeUnit.SECONDS));
  }

  @Test
  @DisplayName("passes a pending failure on")
  void passesAFailureOn() {
    CompletableFuture<String> answer = new CompletableFuture<>();
    CompletableFuture<String> bounded =
        new RequestDeadline(Duration.ofSeconds(10), DIRECT)
            .bound(answer, "timed out")
            .toCompletableFuture();
    answer.completeExceptionally(new IllegalArgumentException("bad"));
    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> bounded.get(1, TimeUnit.SECONDS));
    assertInstanceOf(IllegalArgumentException.class, failure.getCause());
  }

  @Test
  @DisplayName("answers with the timeout answer when the answer does not arrive in time")
  void answersLateRequestsWithTheTimeoutAnswer() throws Exception {
    CompletableFuture<String> never = new CompletableFuture<>();
    CompletableFuture<String> bounded =
        new RequestDeadline(Duration.ofMillis(20), DIRECT)
            .bound(never, "timed out")
            .toCompletableFuture();
    assertEquals("timed out", bounded.get(5, TimeUnit.SECONDS));
  }

  @Test
  @DisplayName("moves the answer of a future subclass onto a plain future on its executor")
  void movesSubclassAnswersToItsExecutor() throws Exception {
    CompletableFuture<String> subclass = new CompletableFuture<>() {};
    subclass.complete("allowed");
    Thread[] ranOn = new Thread[1];
    Executor recording =
        task -> {
          ranOn[0] = Thread.currentThread();
          task.run();
        };
    CompletableFuture<String> bounded =
        new RequestDeadline(Duration.ofSeconds(10), recording)
            .bound(subclass, "timed out")
            .toCompletableFuture();
    assertEquals("allowed", bounded.get(1, TimeUnit.SECONDS));
    assertEquals(CompletableFuture.class, bounded.getClass());
    assertSame(Thread.currentThread(), ranOn[0]);
  }
}
