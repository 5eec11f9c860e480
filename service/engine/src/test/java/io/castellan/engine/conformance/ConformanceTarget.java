package io.castellan.engine.conformance;

import io.castellan.engine.query.TupleKey;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What the OpenFGA conformance harness needs from a system under test: a fresh store per case,
 * model and tuple writes, and the three queries. Implemented by the engine directly and, end to
 * end, by an HTTP client.
 */
public interface ConformanceTarget {

  /** Starts a new, empty store; later calls act on it. */
  void newStore();

  void writeModel(String dsl);

  void writeTuples(List<TupleKey> tuples);

  boolean check(TupleKey tuple, List<TupleKey> contextualTuples, Map<String, Object> context);

  List<String> listObjects(
      String user,
      String type,
      String relation,
      List<TupleKey> contextualTuples,
      Map<String, Object> context);

  List<String> listUsers(
      String object,
      String relation,
      String filter,
      List<TupleKey> contextualTuples,
      Map<String, Object> context);

  /**
   * The OpenFGA error code a failed call reports, or empty when the failure is not a coded error.
   */
  OptionalInt errorCode(RuntimeException failure);
}
