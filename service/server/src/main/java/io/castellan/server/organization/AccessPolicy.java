package io.castellan.server.organization;

import io.castellan.protocol.ErrorCode;
import io.castellan.protocol.Scope;

/**
 * Decides what a caller may do in an organization, from that organization's own state. The entity
 * consults it for every change, the read path for every read, each with the state they act on, so
 * that the decision is made where the state is, also for requests that arrived on another node.
 */
@FunctionalInterface
public interface AccessPolicy {

  /** What {@code caller} may do with {@code scope} in the organization at {@code state}. */
  Access decide(OrganizationState state, Caller caller, Scope scope);

  /**
   * Whether {@code caller} holds {@code object#relation} in the organization at {@code state}: the
   * rules of the management endpoints (organization admin, team admin, admin of a user). The
   * operator holds everything; an API key allowed {@code write} acts as the organization's admin
   * (it could write any tuple anyway); a user as the organization's tuples say.
   */
  default boolean holds(OrganizationState state, Caller caller, String object, String relation) {
    return caller.unrestricted();
  }

  /**
   * Whether {@code caller} may create organizations: asked before whether the organization exists,
   * so that a refusal says nothing of that.
   */
  default boolean mayCreate(Caller caller) {
    return caller.unrestricted();
  }

  /**
   * A decision. {@code HIDDEN}: the caller has nothing to do with the organization, which is
   * answered as if it did not exist (404), so that its existence does not leak; {@code
   * INVALID_CREDENTIAL}: an API key unknown to it, revoked or expired (401).
   */
  enum Access {
    ALLOWED,
    FORBIDDEN,
    HIDDEN,
    INVALID_CREDENTIAL;

    /** Why a caller is refused {@code scope} in the organization, or null when it is allowed. */
    public OrganizationError refusal(String organizationId, Scope scope) {
      return switch (this) {
        case ALLOWED -> null;
        case FORBIDDEN ->
            new OrganizationError(
                ErrorCode.FORBIDDEN,
                "the caller lacks '" + scope.label + "' in organization '" + organizationId + "'");
        case HIDDEN ->
            new OrganizationError(
                ErrorCode.STORE_ID_NOT_FOUND, "organization '" + organizationId + "' not found");
        case INVALID_CREDENTIAL ->
            new OrganizationError(
                ErrorCode.UNAUTHENTICATED, "the API key is unknown, revoked or expired");
      };
    }
  }
}
