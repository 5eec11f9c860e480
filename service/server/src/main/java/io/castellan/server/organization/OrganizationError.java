package io.castellan.server.organization;

import io.castellan.protocol.CborSerializable;
import io.castellan.protocol.ErrorCode;

/** Why the organization refused a command (nothing was applied), or why its outcome is unknown. */
public record OrganizationError(ErrorCode code, String message) implements CborSerializable {

  /** The refusal for a model a request names ({@code modelId}), or for no model at all (null). */
  public static OrganizationError modelNotFound(String modelId) {
    return modelId == null
        ? new OrganizationError(
            ErrorCode.LATEST_AUTHORIZATION_MODEL_NOT_FOUND,
            "the organization has no authorization model yet")
        : new OrganizationError(
            ErrorCode.AUTHORIZATION_MODEL_NOT_FOUND,
            "authorization model '" + modelId + "' not found");
  }
}
