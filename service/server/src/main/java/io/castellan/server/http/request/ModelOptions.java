package io.castellan.server.http.request;

/** What a read that evaluates the model may add: the model version to use. */
public interface ModelOptions extends ReadOptions {

  String authorizationModelId();

  @Override
  default String modelId() {
    return RequestLimits.optional(authorizationModelId());
  }
}
