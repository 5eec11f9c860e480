package io.castellan.engine.query;

import io.castellan.engine.model.CompiledModel;
import io.castellan.engine.model.RelationDefinition;
import io.castellan.engine.model.Userset;
import io.castellan.engine.store.TupleReader;
import io.castellan.engine.store.TupleVisitor;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one level of the userset tree (OpenFGA's Expand): rewrites become nodes, tuples leaves.
 */
final class Expander {

  private final CompiledModel model;
  private final TupleReader tuples;

  Expander(CompiledModel model, TupleReader tuples) {
    this.model = model;
    this.tuples = tuples;
  }

  ExpandNode expand(ObjectRef object, RelationDefinition definition) {
    return node(definition.rewrite(), object, definition);
  }

  private ExpandNode node(Userset rewrite, ObjectRef object, RelationDefinition definition) {
    String name = object + "#" + definition.name();
    return rewrite.accept(
        new Userset.Visitor<ExpandNode>() {
          @Override
          public ExpandNode direct(Userset.This direct) {
            List<String> users = new ArrayList<>();
            TupleVisitor collect =
                tuple -> {
                  if (TupleValidator.fits(definition, tuple)) {
                    users.add(tuple.user());
                  }
                  return true;
                };
            tuples.visitDirect(object.type(), object.id(), definition.name(), collect);
            tuples.visitUsersets(object.type(), object.id(), definition.name(), collect);
            return new ExpandNode.Users(name, users);
          }

          @Override
          public ExpandNode computed(Userset.ComputedUserset computed) {
            return new ExpandNode.Computed(name, object + "#" + computed.relation());
          }

          @Override
          public ExpandNode tupleToUserset(Userset.TupleToUserset ttu) {
            List<String> computed = new ArrayList<>();
            RelationDefinition tupleset = model.relation(object.type(), ttu.tuplesetRelation());
            if (tupleset != null) {
              tuples.visitDirect(
                  object.type(),
                  object.id(),
                  tupleset.name(),
                  tuple -> {
                    if (!tuple.isWildcard()
                        && TupleValidator.fits(tupleset, tuple)
                        && model.relation(tuple.subjectType(), ttu.computedRelation()) != null) {
                      computed.add(
                          tuple.subjectType()
                              + ":"
                              + tuple.subjectId()
                              + "#"
                              + ttu.computedRelation());
                    }
                    return true;
                  });
            }
            return new ExpandNode.TupleToUserset(
                name, object + "#" + ttu.tuplesetRelation(), computed);
          }

          @Override
          public ExpandNode union(Userset.Union union) {
            return new ExpandNode.Union(name, children(union.children(), object, definition));
          }

          @Override
          public ExpandNode intersection(Userset.Intersection intersection) {
            return new ExpandNode.Intersection(
                name, children(intersection.children(), object, definition));
          }

          @Override
          public ExpandNode difference(Userset.Difference difference) {
            return new ExpandNode.Difference(
                name,
                node(difference.base(), object, definition),
                node(difference.subtract(), object, definition));
          }
        });
  }

  private List<ExpandNode> children(
      List<Userset> rewrites, ObjectRef object, RelationDefinition definition) {
    List<ExpandNode> nodes = new ArrayList<>();
    for (Userset child : rewrites) {
      nodes.add(node(child, object, definition));
    }
    return nodes;
  }
}
