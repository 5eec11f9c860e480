package io.castellan.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The API key format. */
class ApiKeysTest {

  @Test
  void aKeyReadsBackAsItsOrganizationIdAndSecret() {
    String key = ApiKeys.format("acme.eu_1", "id1", "secret");
    assertEquals(
        Optional.of(new ApiKeys.Presented("acme.eu_1", "id1", "secret")), ApiKeys.parse(key));
  }

  @Test
  void malformedKeysReadAsNothing() {
    for (String key : new String[] {"ck.", "ck.YWNtZQ.id", "ck.YWNtZQ..s", "ck.!!!.id.s", "xx"}) {
      assertEquals(Optional.empty(), ApiKeys.parse(key), key);
    }
  }

  @Test
  void newSecretsAreLongAndDistinct() {
    String one = ApiKeys.newSecret();
    assertTrue(one.length() >= 43);
    assertNotEquals(one, ApiKeys.newSecret());
  }
}
