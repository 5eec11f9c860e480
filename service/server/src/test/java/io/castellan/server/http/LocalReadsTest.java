package io.castellan.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.server.forwarding.RenderedAnswer;
import org.junit.jupiter.api.Test;

/** What a node sends back for a read forwarded to it. */
class LocalReadsTest {

  private final ObjectMapper mapper = new ObjectMapper();
  private final ApiErrors errors = new ApiErrors(mapper);

  private ApiResult answerOf(int characters) {
    ObjectNode body = mapper.createObjectNode().put("blob", "x".repeat(characters));
    return ApiResult.ok(body, 7);
  }

  @Test
  void anAnswerWithinTheLimitTravelsRenderedWithItsStatusAndRevision() throws Exception {
    RenderedAnswer sent = LocalReads.rendered(answerOf(1_000), errors, mapper, 2_000);
    assertEquals(200, sent.status());
    assertEquals(7, sent.revision());
    assertEquals(1_000, mapper.readTree(sent.json()).path("blob").asText().length());
  }

  @Test
  void anAnswerLargerThanAForwardedReadMayCarryIsRefusedWith422() throws Exception {
    RenderedAnswer sent = LocalReads.rendered(answerOf(3_000), errors, mapper, 2_000);
    assertEquals(422, sent.status());
    assertEquals("answer_too_large", mapper.readTree(sent.json()).path("code").asText());
  }
}
