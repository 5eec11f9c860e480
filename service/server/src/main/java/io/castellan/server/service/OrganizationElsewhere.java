package io.castellan.server.service;

import io.castellan.protocol.ErrorCode;

/**
 * The organization runs on another node ({@code host}, its address): a read must be answered there,
 * where its state is in memory, and is forwarded. Should it reach the client (the node it was
 * forwarded to no longer hosts the organization), it is a 503: retry.
 */
public final class OrganizationElsewhere extends ServiceException {

  private final String host;

  public OrganizationElsewhere(String organizationId, String host) {
    super(
        ErrorCode.UNAVAILABLE,
        "organization '" + organizationId + "' is hosted on another node; try again");
    this.host = host;
  }

  public String host() {
    return host;
  }
}
