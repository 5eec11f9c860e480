package io.castellan.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.castellan.protocol.ErrorCode;
import io.castellan.server.organization.Caller;
import io.castellan.server.service.ServiceException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Opaque tokens of an existing login system, reviewed by a configured endpoint in the manner of
 * Kubernetes' webhook token authentication: the token is posted as a {@code TokenReview}, the
 * answer names the user and its groups. Answers are cached (positive and negative, each for its
 * time, keyed by the token's hash); a hook that is down, slow or answers nonsense refuses the
 * request (it fails closed).
 */
final class TokenReviewHook {

  private final AuthSettings.Hook settings;
  private final HttpClient client;
  private final ObjectMapper mapper;
  private final Cache<String, Caller> accepted;
  private final Cache<String, Boolean> refused;

  TokenReviewHook(AuthSettings.Hook settings, ObjectMapper mapper) {
    this.settings = settings;
    this.mapper = mapper;
    this.client = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    this.accepted =
        Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(settings.cacheTtl()).build();
    this.refused =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(settings.negativeCacheTtl())
            .build();
  }

  CompletionStage<Caller> review(String token) {
    String key = sha256(token);
    Caller known = accepted.getIfPresent(key);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    if (refused.getIfPresent(key) != null) {
      return CompletableFuture.failedFuture(AuthenticationFailed.rejected("hook: refused before"));
    }
    byte[] request;
    try {
      request =
          mapper.writeValueAsBytes(
              mapper
                  .createObjectNode()
                  .put("apiVersion", "authentication.k8s.io/v1")
                  .put("kind", "TokenReview")
                  .set("spec", mapper.createObjectNode().put("token", token)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return client
        .sendAsync(
            HttpRequest.newBuilder(URI.create(settings.url()))
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, failure) -> {
              Optional<Caller> caller = failure == null ? answer(response) : null;
              if (caller == null) {
                throw new ServiceException(
                    ErrorCode.AUTHENTICATION_UNAVAILABLE,
                    "the authentication hook did not answer; try again");
              }
              if (caller.isEmpty()) {
                refused.put(key, Boolean.TRUE);
                throw AuthenticationFailed.rejected("hook: not authenticated");
              }
              accepted.put(key, caller.get());
              return caller.get();
            });
  }

  /** The reviewed user (empty: not authenticated), or null when the answer is no review. */
  private Optional<Caller> answer(HttpResponse<byte[]> response) {
    if (response.statusCode() != 200 && response.statusCode() != 201) {
      return null;
    }
    try {
      JsonNode status = mapper.readTree(response.body()).path("status");
      if (!status.path("authenticated").isBoolean()) {
        return null;
      }
      String username = status.path("user").path("username").asText("");
      if (!status.path("authenticated").asBoolean() || username.isEmpty()) {
        return Optional.empty();
      }
      Set<String> groups = new LinkedHashSet<>();
      status.path("user").path("groups").forEach(group -> groups.add(group.asText()));
      return Optional.of(Caller.user(username, groups));
    } catch (IOException e) {
      return null;
    }
  }

  private static String sha256(String token) {
    return ApiKeys.hash(token);
  }
}
