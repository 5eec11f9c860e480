package io.castellan.server.organization;

import com.github.f4b6a3.ulid.UlidFactory;
import java.time.Instant;

/**
 * ULIDs (time-ordered, 26 Crockford base32 characters): the id format OpenFGA uses for stores and
 * models. Monotonic within a millisecond, as OpenFGA's are: ids made in the same millisecond sort
 * in the order they were made (ulid-creator).
 */
public final class Ulid {

  private static final UlidFactory FACTORY = UlidFactory.newMonotonicInstance();

  private Ulid() {}

  public static String next(Instant time) {
    return FACTORY.create(time.toEpochMilli()).toString();
  }
}
