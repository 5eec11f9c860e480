package io.castellan.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The request deadline")
class RequestDeadlineTest {

  @Test
  @DisplayName("passes an answer that is already there through untouched")
  void passesAFinishedAnswerThrough() {
    CompletableFuture<String> answer = CompletableFuture.completedFuture("allowed");
    assertSame(answer, new RequestDeadline(Duration.ofMillis(1)).bound(answer));
  }

  @Test
  @DisplayName("passes a pending answer on when it arrives in time")
  void passesALateButTimelyAnswerOn() throws Exception {
    CompletableFuture<String> answer = new CompletableFuture<>();
    CompletableFuture<String> bounded = new RequestDeadline(Duration.ofSeconds(10)).bound(answer).toCompletableFuture();
    answer.complete("allowed");
    assertEquals("allowed", bounded.get(1, TimeUnit.SECONDS));
  }

  @Test
  @DisplayName("passes a pending failure on")
  void passesAFailureOn() {
    CompletableFuture<String> answer = new CompletableFuture<>();
    CompletableFuture<String> bounded = new RequestDeadline(Duration.ofSeconds(10)).bound(answer).toCompletableFuture();
    answer.completeExceptionally(new IllegalArgumentException("bad"));
    ExecutionException failure = assertThrows(ExecutionException.class, () -> bounded.get(1, TimeUnit.SECONDS));
    assertInstanceOf(IllegalArgumentException.class, failure.getCause());
  }

  @Test
  @DisplayName("fails an answer that does not arrive in time with a TimeoutException")
  void failsALateAnswer() {
    CompletableFuture<String> never = new CompletableFuture<>();
    CompletableFuture<String> bounded = new RequestDeadline(Duration.ofMillis(20)).bound(never).toCompletableFuture();
    ExecutionException failure = assertThrows(ExecutionException.class, () -> bounded.get(5, TimeUnit.SECONDS));
    assertInstanceOf(TimeoutException.class, failure.getCause());
  }
}
