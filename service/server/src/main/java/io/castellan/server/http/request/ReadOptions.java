package io.castellan.server.http.request;

/** What every read body may add: the freshness it needs. */
public interface ReadOptions {

  /** OpenFGA's consistency mode. */
  String consistency();

  /** A revision token the answer must be at least as fresh as. */
  String revision();

  /** The model version asked for, or null for the latest (or none: a read of tuples). */
  default String modelId() {
    return null;
  }

  default Freshness freshness() {
    return RequestBodies.freshness(consistency(), revision());
  }
}
