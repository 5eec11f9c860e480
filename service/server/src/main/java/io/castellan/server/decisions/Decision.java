package io.castellan.server.decisions;

import java.time.Instant;
import java.util.Map;

/**
 * One access attempt: who asked ({@code actor}, never a credential), whether {@code user} may
 * {@code relation} on {@code object}, the answer, the revision it was decided at, and its context
 * with the configured keys masked.
 */
public record Decision(
    String organization,
    Instant time,
    String object,
    String relation,
    String user,
    boolean allowed,
    long revision,
    String actor,
    Map<String, Object> context) {}
