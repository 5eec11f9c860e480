package io.castellan.server.watch;

import io.castellan.protocol.ErrorCode;
import io.castellan.server.history.AuditEntry;

/**
 * What a watch stream sends, in order. Each names a revision: for a change its own; for the others
 * the revision through which the subscriber has everything it asked for, so that it can resume
 * there ({@code since}) without a gap or a duplicate.
 */
public sealed interface WatchMessage {

  long revision();

  /** Whether the stream ends after this message. */
  default boolean last() {
    return false;
  }

  /** The first message: changes after {@code revision} follow. */
  record Subscribed(long revision) implements WatchMessage {}

  /** One change, narrowed to what the subscriber's filters want. */
  record Change(AuditEntry entry) implements WatchMessage {
    @Override
    public long revision() {
      return entry.revision();
    }
  }

  /** Sent when the stream has been idle: nothing at or below {@code revision} is still to come. */
  record Heartbeat(long revision) implements WatchMessage {}

  /** The organization was deleted: nothing more can come. */
  record Closed(long revision, String reason) implements WatchMessage {
    @Override
    public boolean last() {
      return true;
    }
  }

  /**
   * The stream ends: a bad subscription, a limit, a subscriber too slow for its buffer, or a
   * failure of ours. {@code revision} (-1 until the stream stamps it) is where to resume.
   */
  record Failure(ErrorCode code, String message, long revision) implements WatchMessage {

    public Failure(ErrorCode code, String message) {
      this(code, message, -1);
    }

    Failure at(long delivered) {
      return new Failure(code, message, delivered);
    }

    @Override
    public boolean last() {
      return true;
    }
  }
}
