package io.castellan.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.protocol.Consistency;
import io.castellan.protocol.RevisionToken;
import io.castellan.protocol.Scope;
import io.castellan.server.auth.ApiKeys;
import io.castellan.server.http.request.KeyBody;
import io.castellan.server.http.request.RequestBodies;
import io.castellan.server.organization.ApiKey;
import io.castellan.server.organization.RequestInfo;
import io.castellan.server.service.OrganizationService;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An organization's API keys over HTTP: created (the key is shown in that answer only; the
 * organization keeps its hash), listed without secrets, revoked.
 */
final class KeyApi {

  private final OrganizationService organizations;
  private final ObjectMapper mapper;
  private final RequestBodies bodies;

  KeyApi(OrganizationService organizations, ObjectMapper mapper, RequestBodies bodies) {
    this.organizations = organizations;
    this.mapper = mapper;
    this.bodies = bodies;
  }

  CompletionStage<ApiResult> create(String org, byte[] json, RequestInfo request) {
    KeyBody body = bodies.bind(json, KeyBody.class);
    Instant now = Instant.now();
    String id = ApiKeys.newId();
    String secret = ApiKeys.newSecret();
    ApiKey key =
        new ApiKey(
            id,
            body.nameOrEmpty(),
            body.scopeSet(),
            ApiKeys.hash(secret),
            now,
            request.actor(),
            body.expiry(now),
            null);
    return organizations
        .createApiKey(org, key, request)
        .thenApply(
            created -> {
              ObjectNode out = keyJson(created.key()).put("key", ApiKeys.format(org, id, secret));
              out.put("revision", RevisionToken.of(created.revision()));
              return new ApiResult(201, out, created.revision());
            });
  }

  CompletionStage<ApiResult> revoke(String org, String keyId, RequestInfo request) {
    return organizations
        .revokeApiKey(org, keyId, request)
        .thenApply(
            revoked -> {
              ObjectNode out = keyJson(revoked.key());
              out.put("revision", RevisionToken.of(revoked.revision()));
              return ApiResult.ok(out, revoked.revision());
            });
  }

  /** The organization's keys, oldest first, without secrets or hashes. */
  PreparedRead list() {
    return new PreparedRead(
        Scope.ADMIN,
        Consistency.MINIMIZE_LATENCY,
        0,
        null,
        (state, caller) -> {
          ObjectNode out = mapper.createObjectNode();
          ArrayNode keys = out.putArray("keys");
          state.apiKeys().values().stream()
              .sorted(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id))
              .forEach(key -> keys.add(keyJson(key)));
          return CompletableFuture.completedFuture(ApiResult.ok(out, state.revision()));
        });
  }

  private ObjectNode keyJson(ApiKey key) {
    ObjectNode out = mapper.createObjectNode().put("id", key.id()).put("name", key.name());
    ArrayNode scopes = out.putArray("scopes");
    key.scopes().stream().sorted().forEach(scope -> scopes.add(scope.label));
    out.put("created_at", key.createdAt().toString()).put("created_by", key.createdBy());
    if (key.expiresAt() != null) {
      out.put("expires_at", key.expiresAt().toString());
    }
    if (key.revokedAt() != null) {
      out.put("revoked_at", key.revokedAt().toString());
    }
    return out;
  }
}
