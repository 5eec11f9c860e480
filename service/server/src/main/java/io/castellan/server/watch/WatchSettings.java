package io.castellan.server.watch;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The limits of watch streams ({@code castellan.watch}).
 *
 * @param heartbeatInterval how long a stream may be idle before a heartbeat (the default; a
 *     subscriber may ask for another between 1 s and 5 min)
 * @param bufferSize journal writes a subscriber may fall behind the live feed before it is closed
 *     (it resumes from the revision of the last message it got)
 * @param maxSubscribers open streams on one node
 * @param maxSubscribersPerOrganization open streams of one organization on one node
 */
public record WatchSettings(
    Duration heartbeatInterval,
    int bufferSize,
    int maxSubscribers,
    int maxSubscribersPerOrganization) {

  public static final Duration MIN_HEARTBEAT = Duration.ofSeconds(1);
  public static final Duration MAX_HEARTBEAT = Duration.ofMinutes(5);

  public static WatchSettings of(Config watch) {
    return new WatchSettings(
        watch.getDuration("heartbeat-interval"),
        watch.getInt("buffer-size"),
        watch.getInt("max-subscribers"),
        watch.getInt("max-subscribers-per-organization"));
  }
}
