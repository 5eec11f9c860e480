package io.castellan.server.http;

import io.castellan.engine.query.TupleKey;
import io.castellan.server.domain.ManagementChange;
import io.castellan.server.organization.OrganizationCommand.Precondition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a change asks for, as a short hash that is equal for equal requests (however their JSON was
 * spaced or ordered): a retry with the same idempotency key must ask for the same thing.
 */
final class Fingerprint {

  private Fingerprint() {}

  static String of(
      List<TupleKey> writes,
      List<TupleKey> deletes,
      List<Precondition> preconditions,
      boolean ignoreDuplicates,
      boolean ignoreMissing,
      String modelId) {
    StringBuilder text = new StringBuilder("tuples\n");
    writes.forEach(key -> append(text.append("+"), key));
    deletes.forEach(key -> append(text.append("-"), key));
    preconditions.forEach(
        precondition ->
            append(text.append(precondition.exists() ? "?" : "!"), precondition.tuple()));
    text.append(ignoreDuplicates).append(' ').append(ignoreMissing).append(' ').append(modelId);
    return hash(text.toString());
  }

  /** A management change: its record's text, which lists every field in order. */
  static String of(ManagementChange change) {
    return hash("manage\n" + change);
  }

  static String of(String modelJson) {
    return hash("model\n" + modelJson);
  }

  private static void append(StringBuilder text, TupleKey key) {
    text.append(key.object())
        .append('\u0000')
        .append(key.relation())
        .append('\u0000')
        .append(key.user());
    if (key.condition() != null) {
      text.append('\u0000')
          .append(key.condition().name())
          .append('\u0000')
          .append(sorted(key.condition().context()));
    }
    text.append('\n');
  }

  /** Context maps in key order, nested ones too, so that equal contexts print alike. */
  private static Object sorted(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> ordered = new TreeMap<>();
      map.forEach((k, v) -> ordered.put(String.valueOf(k), sorted(v)));
      return ordered;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Fingerprint::sorted).toList();
    }
    return value;
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
