package io.castellan.server.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openfga.sdk.api.client.OpenFgaClient;
import dev.openfga.sdk.api.client.model.ClientCheckRequest;
import dev.openfga.sdk.api.client.model.ClientListObjectsRequest;
import dev.openfga.sdk.api.client.model.ClientListUsersRequest;
import dev.openfga.sdk.api.client.model.ClientRelationshipCondition;
import dev.openfga.sdk.api.client.model.ClientTupleKey;
import dev.openfga.sdk.api.client.model.ClientWriteRequest;
import dev.openfga.sdk.api.configuration.ApiToken;
import dev.openfga.sdk.api.configuration.ClientConfiguration;
import dev.openfga.sdk.api.configuration.Credentials;
import dev.openfga.sdk.api.model.CreateStoreRequest;
import dev.openfga.sdk.api.model.FgaObject;
import dev.openfga.sdk.api.model.User;
import dev.openfga.sdk.api.model.UserTypeFilter;
import dev.openfga.sdk.api.model.WriteAuthorizationModelRequest;
import dev.openfga.sdk.errors.FgaError;
import io.castellan.engine.conformance.ConformanceTarget;
import io.castellan.engine.model.ModelJson;
import io.castellan.engine.model.ModelLoader;
import io.castellan.engine.query.TupleKey;
import io.castellan.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;

/**
 * Castellan over HTTP, driven by the official OpenFGA Java SDK: one store per conformance case. The
 * SDK's retries are off (it would retry 429 and 5xx answers, hiding them) and any 5xx answer fails
 * the case, whatever it expected.
 */
final class SdkConformanceTarget implements ConformanceTarget {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final String baseUrl;
  private OpenFgaClient client;

  SdkConformanceTarget(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  @Override
  public void newStore() {
    try {
      // the operator key as OpenFGA's SDKs send a preshared key: ApiToken credentials
      client =
          new OpenFgaClient(
              new ClientConfiguration()
                  .apiUrl(baseUrl)
                  .maxRetries(0)
                  .credentials(new Credentials(new ApiToken(TestNode.OPERATOR_KEY))));
      client.setStoreId(
          client.createStore(new CreateStoreRequest().name("conformance")).get().getId());
    } catch (Exception e) {
      throw rethrow(e);
    }
  }

  @Override
  public void writeModel(String dsl) {
    try {
      String json = ModelJson.toTree(ModelLoader.fromDsl(dsl).model()).toString();
      WriteAuthorizationModelRequest request =
          JSON.readValue(json, WriteAuthorizationModelRequest.class);
      client.setAuthorizationModelId(
          client.writeAuthorizationModel(request).get().getAuthorizationModelId());
    } catch (Exception e) {
      throw rethrow(e);
    }
  }

  @Override
  public void writeTuples(List<TupleKey> tuples) {
    try {
      // upstream's harness writes in chunks of 40; our limit per write is 100
      for (int from = 0; from < tuples.size(); from += 40) {
        client
            .write(
                new ClientWriteRequest()
                    .writes(keys(tuples.subList(from, Math.min(tuples.size(), from + 40)))))
            .get();
      }
    } catch (Exception e) {
      throw rethrow(e);
    }
  }

  @Override
  public boolean check(
      TupleKey tuple, List<TupleKey> contextualTuples, Map<String, Object> context) {
    try {
      return client
          .check(
              new ClientCheckRequest()
                  .user(tuple.user())
                  .relation(tuple.relation())
                  ._object(tuple.object())
                  .contextualTuples(keys(contextualTuples))
                  .context(context.isEmpty() ? null : context))
          .get()
          .getAllowed();
    } catch (Exception e) {
      throw rethrow(e);
    }
  }

  @Override
  public List<String> listObjects(
      String user,
      String type,
      String relation,
      List<TupleKey> contextualTuples,
      Map<String, Object> context) {
    try {
      return client
          .listObjects(
              new ClientListObjectsRequest()
                  .user(user)
                  .type(type)
                  .relation(relation)
                  .contextualTupleKeys(keys(contextualTuples))
                  .context(context.isEmpty() ? null : context))
          .get()
          .getObjects();
    } catch (Exception e) {
      throw rethrow(e);
    }
  }

  @Override
  public List<String> listUsers(
      String object,
      String relation,
      String filter,
      List<TupleKey> contextualTuples,
      Map<String, Object> context) {
    try {
      int colon = object.indexOf(':');
      int hash = filter.indexOf('#');
      UserTypeFilter userFilter =
          hash < 0
              ? new UserTypeFilter().type(filter)
              : new UserTypeFilter()
                  .type(filter.substring(0, hash))
                  .relation(filter.substring(hash + 1));
      List<User> users =
          client
              .listUsers(
                  new ClientListUsersRequest()
                      ._object(
                          new FgaObject()
                              .type(object.substring(0, colon))
                              .id(object.substring(colon + 1)))
                      .relation(relation)
                      .userFilters(List.of(userFilter))
                      .contextualTupleKeys(keys(contextualTuples))
                      .context(context.isEmpty() ? null : context))
              .get()
              .getUsers();
      List<String> result = new ArrayList<>();
      for (User user : users) {
        if (user.getObject() != null) {
          result.add(user.getObject().getType() + ":" + user.getObject().getId());
        } else if (user.getUserset() != null) {
          result.add(
              user.getUserset().getType()
                  + ":"
                  + user.getUserset().getId()
                  + "#"
                  + user.getUserset().getRelation());
        } else if (user.getWildcard() != null) {
          result.add(user.getWildcard().getType() + ":*");
        }
      }
      return result;
    } catch (Exception e) {
      throw rethrow(e);
    }
  }

  /** The SDK hands back the error body as it came: OpenFGA's {@code {code, message}}. */
  @Override
  public OptionalInt errorCode(RuntimeException failure) {
    if (failure.getCause() instanceof FgaError error && error.getResponseData() != null) {
      try {
        return ErrorCode.ofLabel(JSON.readTree(error.getResponseData()).path("code").asText())
            .filter(code -> code.code != 0)
            .map(code -> OptionalInt.of(code.code))
            .orElse(OptionalInt.empty());
      } catch (JsonProcessingException e) {
        return OptionalInt.empty();
      }
    }
    return OptionalInt.empty();
  }

  private static List<ClientTupleKey> keys(List<TupleKey> tuples) {
    List<ClientTupleKey> keys = new ArrayList<>(tuples.size());
    for (TupleKey tuple : tuples) {
      ClientTupleKey key =
          new ClientTupleKey()
              .user(tuple.user())
              .relation(tuple.relation())
              ._object(tuple.object());
      if (tuple.condition() != null) {
        key.condition(
            new ClientRelationshipCondition()
                .name(tuple.condition().name())
                .context(
                    tuple.condition().context().isEmpty() ? null : tuple.condition().context()));
      }
      keys.add(key);
    }
    return keys;
  }

  /**
   * Failures keep the SDK's error as their cause, for {@link #errorCode}; a server error is never
   * an answer a case may expect, so it is thrown as an assertion failure no harness rule absorbs.
   */
  private static RuntimeException rethrow(Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof FgaError error && error.getStatusCode() >= 500) {
      throw new AssertionError(
          "the server answered " + error.getStatusCode() + ": " + error.getResponseData(), cause);
    }
    return new IllegalStateException(cause.toString(), cause);
  }
}
