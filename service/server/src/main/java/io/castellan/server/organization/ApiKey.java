package io.castellan.server.organization;

import io.castellan.protocol.Scope;
import java.time.Instant;
import java.util.Set;

/**
 * An organization's API key as the organization keeps it: never the secret, only its SHA-256 (the
 * secret is 256 random bits, so a fast hash is as safe as a slow one).
 *
 * @param expiresAt when it stops working, or null for never
 * @param revokedAt when it was revoked, or null
 */
public record ApiKey(
    String id,
    String name,
    Set<Scope> scopes,
    String secretHash,
    Instant createdAt,
    String createdBy,
    Instant expiresAt,
    Instant revokedAt) {

  public ApiKey {
    scopes = Set.copyOf(scopes);
  }

  /** Whether it works at {@code now}: not revoked, not expired. */
  public boolean validAt(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }

  ApiKey revoked(Instant at) {
    return new ApiKey(id, name, scopes, secretHash, createdAt, createdBy, expiresAt, at);
  }
}
