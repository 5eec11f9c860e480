package io.castellan.server.service;

import io.castellan.protocol.ErrorCode;
import io.castellan.server.organization.OrganizationError;

/** A coded failure of a service call, mapped to an HTTP status and error body by the routes. */
public class ServiceException extends RuntimeException {

  private final OrganizationError error;

  public ServiceException(OrganizationError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  public ServiceException(ErrorCode code, String message) {
    this(new OrganizationError(code, message));
  }

  public OrganizationError error() {
    return error;
  }
}
