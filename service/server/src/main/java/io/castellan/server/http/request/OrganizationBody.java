package io.castellan.server.http.request;

/** An organization (or OpenFGA store) to create, by {@code name}. */
public record OrganizationBody(String name) {

  /** The name, which OpenFGA's create store requires. */
  public String requiredName() {
    return RequestLimits.required(name, "name");
  }

  /** The name if one was given. */
  public String optionalName() {
    return RequestLimits.optional(name);
  }
}
