package io.castellan.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The shipped configuration")
class ConfigurationTest {

  private final Config config = ConfigFactory.load();

  @Test
  @DisplayName("turns Pekko HTTP's per-request timer off (Castellan's RequestDeadline replaces it)")
  void pekkoRequestTimeoutIsOff() {
    assertEquals("off", config.getString("pekko.http.server.request-timeout"));
  }

  @Test
  @DisplayName(
      "sends forwarded reads on the large-message lane, which holds the largest request body")
  void forwardedReadsFitTheLargeMessageLane() {
    assertTrue(
        config
            .getStringList("pekko.remote.artery.large-message-destinations")
            .contains("/system/read-host"));
    assertTrue(
        config
            .getStringList("pekko.remote.artery.large-message-destinations")
            .contains("/system/read-replies"));
    assertTrue(
        config.getBytes("pekko.remote.artery.advanced.maximum-large-frame-size")
            > 2 * config.getBytes("castellan.http.max-body-size"));
    assertTrue(
        config.getInt("pekko.remote.artery.advanced.outbound-large-message-queue-size")
            >= config.getInt("pekko.remote.artery.advanced.outbound-message-queue-size"));
  }
}
