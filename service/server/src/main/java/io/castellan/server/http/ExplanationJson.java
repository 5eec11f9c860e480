package io.castellan.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.engine.query.Explanation;
import io.castellan.protocol.RevisionToken;
import io.castellan.server.history.AuditEntry;
import io.castellan.server.organization.JournaledTuple;
import io.castellan.server.organization.OrganizationState;
import java.util.Map;

/**
 * An explanation as JSON: {@code truncated} and the {@code root} step; each step has its {@code
 * kind}, {@code object} and {@code relation} (or the {@code tuple} it found), {@code result}, and
 * its {@code steps}; a stored tuple carries {@code written}: the revision, time, actor, request id
 * and reason of the change that wrote it; a contextual one says {@code "contextual": true}.
 */
final class ExplanationJson {

  private final ObjectMapper mapper;
  private final AnswerJson answers;

  ExplanationJson(ObjectMapper mapper) {
    this.mapper = mapper;
    this.answers = new AnswerJson(mapper);
  }

  ObjectNode explanation(
      Explanation explanation, Map<String, AuditEntry> written, OrganizationState state) {
    ObjectNode out = mapper.createObjectNode().put("truncated", explanation.truncated());
    if (explanation.root() != null) {
      out.set("root", step(explanation.root(), written, state));
    }
    return out;
  }

  private ObjectNode step(
      Explanation.Step step, Map<String, AuditEntry> written, OrganizationState state) {
    ObjectNode out = mapper.createObjectNode().put("kind", step.kind());
    if (step.object() != null) {
      out.put("object", step.object()).put("relation", step.relation());
    }
    if (step.tuple() != null) {
      JournaledTuple tuple = JournaledTuple.of(step.tuple());
      out.set("tuple", answers.journaled(tuple));
      AuditEntry change = written.get(tuple.key());
      if (!state.tuples().contains(step.tuple())) {
        out.put("contextual", true);
      } else if (change != null) {
        out.putObject("written")
            .put("revision", RevisionToken.of(change.revision()))
            .put("time", change.time().toString())
            .put("actor", change.actor())
            .put("request_id", change.requestId())
            .put("reason", change.reason());
      }
    }
    out.put("result", step.result());
    if (!step.children().isEmpty()) {
      ArrayNode steps = out.putArray("steps");
      step.children().forEach(child -> steps.add(step(child, written, state)));
    }
    return out;
  }
}
