package io.castellan.server.service;

/**
 * The organization runs on another node ({@code host}, its address): a read must be answered
 * there, where its state is in memory. Unanswered, it is a 503: the organization is moving.
 */
public final class OrganizationElsewhere extends ServiceException {

  private final String host;

  public OrganizationElsewhere(String organizationId, String host) {
    super("unavailable", "organization '" + organizationId + "' is hosted on another node; try again");
    this.host = host;
  }

  public String host() {
    return host;
  }
}
