package io.castellan.server.http.request;

/** One model version, by {@code id} (the path parameter of a model read). */
public record ModelIdBody(String id) {

  public String modelId() {
    return RequestLimits.required(id, "id");
  }
}
