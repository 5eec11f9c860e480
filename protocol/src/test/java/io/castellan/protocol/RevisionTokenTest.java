package io.castellan.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RevisionTokenTest {

  @Test
  void aPlainTokenIsItsOrganizationsRevision() {
    assertEquals("r42", RevisionToken.of(42));
    assertEquals(42, RevisionToken.parse("r42"));
    assertEquals(Map.of(), RevisionToken.others("r42"));
  }

  @Test
  void aTokenOfAnAnswerAcrossOrganizationsNamesEachRevision() {
    String token = RevisionToken.of(12, Map.of("initech", 3L, "globex", 7L));
    assertEquals("r12,globex:7,initech:3", token);
    assertEquals(12, RevisionToken.parse(token));
    assertEquals(Map.of("globex", 7L, "initech", 3L), RevisionToken.others(token));
  }

  @Test
  void malformedTokensAreRefused() {
    for (String bad : new String[] {"", "r", "x1", "r-1", "r1,", "r1,globex", "r1,globex:x"}) {
      assertEquals(-1, RevisionToken.parse(bad), bad);
    }
    assertNull(RevisionToken.others("r1,globex:"));
  }
}
