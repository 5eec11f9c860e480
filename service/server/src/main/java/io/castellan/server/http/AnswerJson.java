package io.castellan.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.engine.query.ExpandNode;
import io.castellan.engine.query.UserRef;
import io.castellan.engine.store.IndexedTuple;
import io.castellan.protocol.RevisionToken;
import io.castellan.server.history.AuditEntry;
import io.castellan.server.organization.JournaledTuple;
import java.util.List;

/** The engine's answers in OpenFGA's JSON shapes: tuples, expand trees, listed users. */
final class AnswerJson {

  private final ObjectMapper mapper;
  private final ExpandJson expandJson = new ExpandJson();

  AnswerJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** A stored tuple as a tuple key, with its condition. */
  ObjectNode tuple(IndexedTuple tuple) {
    return journaled(JournaledTuple.of(tuple));
  }

  /** A tuple as the journal holds it, as a tuple key with its condition. */
  ObjectNode journaled(JournaledTuple tuple) {
    ObjectNode key =
        mapper
            .createObjectNode()
            .put("object", tuple.object())
            .put("relation", tuple.relation())
            .put("user", tuple.user());
    if (tuple.condition() != null) {
      ObjectNode condition = key.putObject("condition").put("name", tuple.condition());
      if (tuple.context() != null) {
        condition.set("context", mapper.valueToTree(tuple.context()));
      }
    }
    return key;
  }

  /** A change as the audit trail and watch streams show it. */
  ObjectNode auditEntry(AuditEntry entry) {
    ObjectNode out =
        mapper
            .createObjectNode()
            .put("revision", RevisionToken.of(entry.revision()))
            .put("time", entry.time().toString())
            .put("actor", entry.actor())
            .put("request_id", entry.requestId())
            .put("reason", entry.reason())
            .put("kind", entry.kind())
            .put("change", entry.change());
    if (entry.subject() != null) {
      out.put(
          switch (entry.kind()) {
            case "model" -> "model_id";
            case "sharing" -> "by_organization";
            default -> "key_id";
          },
          entry.subject());
    }
    if (entry.kind().equals("tuples") || entry.kind().equals("sharing")) {
      // another organization's tuples that name this one's sets are not this one's changes
      boolean shared = entry.kind().equals("sharing");
      ArrayNode writes = out.putArray(shared ? "granted" : "writes");
      entry.writes().forEach(tuple -> writes.add(journaled(tuple)));
      ArrayNode deletes = out.putArray(shared ? "withdrawn" : "deletes");
      entry.deletes().forEach(tuple -> deletes.add(journaled(tuple)));
    }
    if (entry.undoes() != null) {
      ObjectNode undoes =
          out.putObject("undoes")
              .put("from", RevisionToken.of(entry.undoes().from()))
              .put("to", RevisionToken.of(entry.undoes().to()));
      if (entry.undoes().latestModelId() != null) {
        undoes.put("latest_model_id", entry.undoes().latestModelId());
      }
    }
    return out;
  }

  /** A listed user: {@code object}, {@code userset} or {@code wildcard}. */
  void addUser(ArrayNode users, UserRef user) {
    ObjectNode item = users.addObject();
    if (user.isWildcard()) {
      item.putObject("wildcard").put("type", user.type());
    } else if (user.isUserset()) {
      item.putObject("userset")
          .put("type", user.type())
          .put("id", user.id())
          .put("relation", user.relation());
    } else {
      item.putObject("object").put("type", user.type()).put("id", user.id());
    }
  }

  ObjectNode expandTree(ExpandNode node) {
    return node.accept(expandJson);
  }

  /** An expand tree node by node: a leaf or a set operation over its children. */
  private final class ExpandJson implements ExpandNode.Visitor<ObjectNode> {

    private ObjectNode named(ExpandNode node) {
      return mapper.createObjectNode().put("name", node.name());
    }

    @Override
    public ObjectNode users(ExpandNode.Users node) {
      ObjectNode out = named(node);
      ArrayNode list = out.putObject("leaf").putObject("users").putArray("users");
      node.users().forEach(list::add);
      return out;
    }

    @Override
    public ObjectNode computed(ExpandNode.Computed node) {
      ObjectNode out = named(node);
      out.putObject("leaf").putObject("computed").put("userset", node.userset());
      return out;
    }

    @Override
    public ObjectNode tupleToUserset(ExpandNode.TupleToUserset node) {
      ObjectNode out = named(node);
      ObjectNode leaf =
          out.putObject("leaf").putObject("tupleToUserset").put("tupleset", node.tupleset());
      ArrayNode computed = leaf.putArray("computed");
      node.computed().forEach(userset -> computed.addObject().put("userset", userset));
      return out;
    }

    @Override
    public ObjectNode union(ExpandNode.Union node) {
      return setOf(node, "union", node.children());
    }

    @Override
    public ObjectNode intersection(ExpandNode.Intersection node) {
      return setOf(node, "intersection", node.children());
    }

    private ObjectNode setOf(ExpandNode node, String operation, List<ExpandNode> children) {
      ObjectNode out = named(node);
      ArrayNode nodes = out.putObject(operation).putArray("nodes");
      children.forEach(child -> nodes.add(child.accept(this)));
      return out;
    }

    @Override
    public ObjectNode difference(ExpandNode.Difference node) {
      ObjectNode out = named(node);
      ObjectNode difference = out.putObject("difference");
      difference.set("base", node.base().accept(this));
      difference.set("subtract", node.subtract().accept(this));
      return out;
    }
  }
}
