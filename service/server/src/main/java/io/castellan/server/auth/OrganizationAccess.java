package io.castellan.server.auth;

import io.castellan.engine.EngineException;
import io.castellan.engine.model.CompiledModel;
import io.castellan.engine.query.CheckRequest;
import io.castellan.engine.query.Queries;
import io.castellan.engine.query.TupleKey;
import io.castellan.protocol.Scope;
import io.castellan.server.organization.AccessPolicy;
import io.castellan.server.organization.ApiKey;
import io.castellan.server.organization.Caller;
import io.castellan.server.organization.ModelVersion;
import io.castellan.server.organization.OrganizationState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules, decided with the organization's own state (the server eats its own cooking):
 *
 * <ul>
 *   <li>the operator (and everyone when authentication is off) may do everything, and only they
 *       create organizations;
 *   <li>an API key works only in its organization, while it is neither revoked nor expired, for its
 *       scopes ({@code admin} includes the others);
 *   <li>a user (a token's subject, with its groups) has, by the organization's model and tuples:
 *       every scope if {@code organization:<org>#admin}; {@code read} and {@code watch} if {@code
 *       organization:<org>#member}; and any scope {@code s} for which the model defines {@code
 *       organization#can_<s>} and the user has it. Each group {@code g} the token carries counts as
 *       the tuple {@code group:<g>#member@user:<sub>} (when the model has {@code group#member}), so
 *       a role given to an identity provider's group applies as soon as a token carries it.
 * </ul>
 *
 * A caller with no relation at all to an organization is answered as if it did not exist.
 */
public final class OrganizationAccess implements AccessPolicy {

  static final String ORGANIZATION_TYPE = "organization";
  static final String GROUP_TYPE = "group";

  private final Queries queries;
  private final Clock clock;

  public OrganizationAccess(Queries queries, Clock clock) {
    this.queries = queries;
    this.clock = clock;
  }

  @Override
  public Access decide(OrganizationState state, Caller caller, Scope scope) {
    if (caller.unrestricted()) {
      return Access.ALLOWED;
    }
    if (!state.isActive()) {
      return Access.FORBIDDEN; // creating an organization is the operator's
    }
    return switch (caller.kind()) {
      case KEY -> keyAccess(state, caller, scope);
      case USER -> userAccess(state, caller, scope);
      default -> Access.FORBIDDEN;
    };
  }

  @Override
  public boolean holds(OrganizationState state, Caller caller, String object, String relation) {
    if (caller.unrestricted()) {
      return true;
    }
    return switch (caller.kind()) {
      case KEY -> keyAccess(state, caller, Scope.WRITE) == Access.ALLOWED;
      case USER -> {
        ModelVersion version = state.latestModel();
        CompiledModel model = version == null ? null : version.compiled();
        yield model != null && new UserChecks(state, model, caller).holds(object, relation);
      }
      default -> false;
    };
  }

  private Access keyAccess(OrganizationState state, Caller caller, Scope scope) {
    if (!state.id().equals(caller.organization())) {
      return Access.HIDDEN;
    }
    ApiKey key = state.apiKeys().get(caller.id());
    if (key == null
        || !key.validAt(clock.instant())
        || !ApiKeys.sameHash(key.secretHash(), caller.secretHash())) {
      return Access.INVALID_CREDENTIAL;
    }
    return key.scopes().contains(Scope.ADMIN) || key.scopes().contains(scope)
        ? Access.ALLOWED
        : Access.FORBIDDEN;
  }

  private Access userAccess(OrganizationState state, Caller caller, Scope scope) {
    ModelVersion version = state.latestModel();
    CompiledModel model = version == null ? null : version.compiled();
    if (model == null || model.type(ORGANIZATION_TYPE) == null) {
      return Access.HIDDEN;
    }
    UserChecks checks = new UserChecks(state, model, caller);
    if (checks.has("admin")) {
      return Access.ALLOWED;
    }
    boolean member = checks.has("member");
    if (member && (scope == Scope.READ || scope == Scope.WATCH)) {
      return Access.ALLOWED;
    }
    if (checks.has("can_" + scope.label)) {
      return Access.ALLOWED;
    }
    return member ? Access.FORBIDDEN : Access.HIDDEN;
  }

  /** Checks of {@code organization:<org>#<relation>@user:<sub>}, with the caller's groups. */
  private final class UserChecks {
    private final OrganizationState state;
    private final CompiledModel model;
    private final String user;
    private final List<TupleKey> groups;

    UserChecks(OrganizationState state, CompiledModel model, Caller caller) {
      this.state = state;
      this.model = model;
      this.user = "user:" + caller.id();
      this.groups = groupTuples(model, caller, user);
    }

    boolean has(String relation) {
      return holds(ORGANIZATION_TYPE + ":" + state.id(), relation);
    }

    /** Whether the user holds {@code object#relation}; false where the model has no such thing. */
    boolean holds(String object, String relation) {
      int colon = object.indexOf(':');
      if (colon <= 0 || model.relation(object.substring(0, colon), relation) == null) {
        return false;
      }
      try {
        return queries.check(
            model, state.tuples(), new CheckRequest(object, relation, user, groups, Map.of()));
      } catch (EngineException e) {
        if (groups.isEmpty()) {
          return false; // the model does not allow users there: the relation cannot hold
        }
      }
      try { // the model does not allow users in groups: without them
        return queries.check(
            model, state.tuples(), new CheckRequest(object, relation, user, List.of(), Map.of()));
      } catch (EngineException e) {
        return false;
      }
    }
  }

  private static List<TupleKey> groupTuples(CompiledModel model, Caller caller, String user) {
    if (caller.groups().isEmpty() || model.relation(GROUP_TYPE, "member") == null) {
      return List.of();
    }
    List<TupleKey> tuples = new ArrayList<>();
    for (String group : caller.groups()) {
      TupleKey tuple = TupleKey.of(GROUP_TYPE + ":" + group, "member", user);
      try {
        tuple.parse(); // a group name that is no valid object id cannot be used
        tuples.add(tuple);
      } catch (EngineException e) {
        // skipped
      }
    }
    return tuples;
  }
}
