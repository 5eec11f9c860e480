package io.castellan.server.http.request;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A page of an organization's model versions (the query parameters of a model list). */
public record ModelPageBody(
    @JsonProperty("page_size") Integer pageSize,
    @JsonProperty("continuation_token") String continuationToken) {

  public int size() {
    return pageSize == null ? 0 : pageSize;
  }

  public String token() {
    return RequestLimits.optional(continuationToken);
  }
}
