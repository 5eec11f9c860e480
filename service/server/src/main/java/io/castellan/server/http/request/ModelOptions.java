package io.castellan.server.http.request;

/** What a read that evaluates the model may add: the model version to use. */
public interface ModelOptions extends ReadOptions {

  String authorizationModelId();

  /** The model version asked for, or null for the latest. */
  default String modelId() {
    return RequestLimits.optional(authorizationModelId());
  }
}
