package io.castellan.server.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.castellan.engine.model.ModelLoader;
import io.castellan.engine.query.CheckRequest;
import io.castellan.engine.query.Queries;
import io.castellan.engine.query.QueryOptions;
import io.castellan.engine.query.TupleKey;
import io.castellan.engine.store.TupleStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in model: valid, and its relations mean what its comments say. */
class BuiltinModelTest {

  private static final Queries QUERIES = new Queries(new QueryOptions(25, 1000, 100, 100));

  private static TupleStore tuples(String... tuples) {
    return TupleStore.of(
        java.util.Arrays.stream(tuples)
            .map(
                text -> {
                  String[] parts = text.split(" ");
                  return TupleKey.of(parts[0], parts[1], parts[2]).parse();
                })
            .toList());
  }

  private static boolean check(TupleStore store, String object, String relation, String user) {
    return QUERIES.check(
        BuiltinModel.compiled(),
        store,
        new CheckRequest(object, relation, user, List.of(), Map.of()));
  }

  @Test
  void theModelFilePassesTheLanguagesValidation() {
    assertNotNull(ModelLoader.fromDsl(BuiltinModel.dsl()).type("role_binding"));
    assertTrue(BuiltinModel.json().contains("\"type\":\"organization\""));
  }

  @Test
  void anOrganizationsAdminsAreItsMembers() {
    TupleStore store = tuples("organization:acme admin user:alice");
    assertTrue(check(store, "organization:acme", "member", "user:alice"));
    assertFalse(check(store, "organization:acme", "admin", "user:bob"));
  }

  @Test
  void whoeverAdministersAUserAdministersWhatTheyCreate() {
    TupleStore store =
        tuples(
            "organization:acme admin user:alice",
            "user:bob organization organization:acme",
            "user:bob manager user:carol",
            "document:d1 creator user:bob");
    assertTrue(check(store, "document:d1", "edit", "user:alice"));
    assertTrue(check(store, "document:d1", "view", "user:carol"));
    assertTrue(check(store, "document:d1", "admin", "user:bob"));
    assertFalse(check(store, "document:d1", "view", "user:dave"));
  }

  @Test
  void aHiddenDocumentIsHiddenWhateverElseTheReaderHas() {
    TupleStore store =
        tuples(
            "project:p member user:erin",
            "document:i1 project project:p",
            "document:i1 hidden_from user:erin");
    assertTrue(check(store, "project:p", "view", "user:erin"));
    assertFalse(check(store, "document:i1", "view", "user:erin"));
  }

  @Test
  void aRoleBoundToAProjectGrantsItsPermissionThereOnly() {
    TupleStore store =
        tuples(
            "role_binding:marketing.support assignee user:sam",
            "project:marketing view role_binding:marketing.support#assignee",
            "project:sales organization organization:acme",
            "project:marketing organization organization:acme");
    assertTrue(check(store, "project:marketing", "view", "user:sam"));
    assertFalse(check(store, "project:sales", "view", "user:sam"));
  }
}
