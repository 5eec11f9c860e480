package io.castellan.server.http.request;

/**
 * A model written in the OpenFGA DSL ({@code dsl}); without it the body is the model in OpenFGA's
 * JSON, which the engine's {@code ModelJson} reads as the one reader of that shape.
 */
public record ModelDslBody(String dsl) {

  public String dslOrNull() {
    return RequestLimits.optional(dsl);
  }
}
