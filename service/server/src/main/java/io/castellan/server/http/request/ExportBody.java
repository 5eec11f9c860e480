package io.castellan.server.http.request;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Set;

/** A page of an organization's export: where to resume, and about how many tuples a page holds. */
public record ExportBody(
    @JsonProperty("page_size") Integer pageSize,
    @JsonProperty("continuation_token") String continuationToken) {

  public static final Set<String> FIELDS = Set.of("page_size", "continuation_token");
  public static final int DEFAULT_PAGE_SIZE = 1000;
  public static final int MAX_PAGE_SIZE = 10_000;

  public int size() {
    if (pageSize == null || pageSize <= 0) {
      return DEFAULT_PAGE_SIZE;
    }
    if (pageSize > MAX_PAGE_SIZE) {
      throw new BadRequest("'page_size' of an export is at most " + MAX_PAGE_SIZE);
    }
    return pageSize;
  }

  public String token() {
    return RequestLimits.optional(continuationToken);
  }
}
