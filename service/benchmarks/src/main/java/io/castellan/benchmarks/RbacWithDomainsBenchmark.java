package io.castellan.benchmarks;

import io.castellan.engine.model.CompiledModel;
import io.castellan.engine.model.ModelLoader;
import io.castellan.engine.query.CheckRequest;
import io.castellan.engine.query.Queries;
import io.castellan.engine.query.QueryOptions;
import io.castellan.engine.query.TupleKey;
import io.castellan.engine.query.TupleValidator;
import io.castellan.engine.store.TupleStore;
import io.castellan.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The same RBAC-with-domains question asked of jCasbin and of the Castellan engine, with 10,000
 * policy rules: 100 domains x 5 roles, each role granted 10 (object, action) permissions (5,000
 * {@code p} rules), and 1,000 users holding 5 role assignments each (5,000 {@code g} rules). In
 * Castellan a domain-scoped role is a {@code role:domain/name} object, a permission is a tuple
 * {@code data:domain/object#action@role:domain/name#assignee}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class RbacWithDomainsBenchmark {

  static final String CASBIN_MODEL =
      """
      [request_definition]
      r = sub, dom, obj, act

      [policy_definition]
      p = sub, dom, obj, act

      [role_definition]
      g = _, _, _

      [policy_effect]
      e = some(where (p.eft == allow))

      [matchers]
      m = g(r.sub, p.sub, r.dom) && r.dom == p.dom && r.obj == p.obj && r.act == p.act
      """;

  static final String CASTELLAN_MODEL =
      """
      model
        schema 1.1
      type user
      type role
        relations
          define assignee: [user]
      type data
        relations
          define read: [role#assignee]
          define write: [role#assignee]
      """;

  static final int DOMAINS = 100;
  static final int ROLES = 5;
  static final int USERS = 1000;
  static final int OBJECTS = 5;

  /** One request: user, domain, object, action. */
  record Question(String user, String domain, String object, String action) {}

  private Enforcer enforcer;
  private CompiledModel model;
  private TupleStore store;
  private final Queries queries = new Queries(QueryOptions.DEFAULTS);
  private Question[] questions;
  private CheckRequest[] checks;
  private int nextCasbin;
  private int nextCastellan;

  @Setup
  public void load() {
    Random random = new Random(42);
    enforcer = new Enforcer(Model.newModelFromString(CASBIN_MODEL));
    model = ModelLoader.fromDsl(CASTELLAN_MODEL);
    List<TupleKey> keys = new ArrayList<>();
    for (int d = 0; d < DOMAINS; d++) {
      for (int r = 0; r < ROLES; r++) {
        String role = "d" + d + "/r" + r;
        for (int o = 0; o < OBJECTS; o++) {
          for (String action : List.of("read", "write")) {
            enforcer.addPolicy(role, "d" + d, "o" + o, action);
            keys.add(TupleKey.of("data:d" + d + "/o" + o, action, "role:" + role + "#assignee"));
          }
        }
      }
    }
    for (int u = 0; u < USERS; u++) {
      for (int a = 0; a < 5; a++) {
        int d = random.nextInt(DOMAINS);
        int r = random.nextInt(ROLES);
        enforcer.addGroupingPolicy("u" + u, "d" + d + "/r" + r, "d" + d);
        keys.add(TupleKey.of("role:d" + d + "/r" + r, "assignee", "user:u" + u));
      }
    }
    store =
        TupleStore.EMPTY.apply(
            List.of(), TupleValidator.validateAll(model, keys, ErrorCode.VALIDATION_ERROR));
    questions = new Question[1024];
    checks = new CheckRequest[questions.length];
    int agree = 0;
    for (int i = 0; i < questions.length; i++) {
      Question q =
          new Question(
              "u" + random.nextInt(USERS),
              "d" + random.nextInt(DOMAINS),
              "o" + random.nextInt(OBJECTS),
              random.nextBoolean() ? "read" : "write");
      questions[i] = q;
      checks[i] =
          CheckRequest.of("data:" + q.domain() + "/" + q.object(), q.action(), "user:" + q.user());
      agree += casbin(q) == castellan(checks[i]) ? 1 : 0;
    }
    if (agree != questions.length) {
      throw new IllegalStateException(
          "jCasbin and Castellan disagree on " + (questions.length - agree) + " questions");
    }
    System.out.printf(
        "%n[policy rules: %d p + %d g; tuples: %d]%n",
        DOMAINS * ROLES * OBJECTS * 2, USERS * 5, store.size());
  }

  private boolean casbin(Question q) {
    return enforcer.enforce(q.user(), q.domain(), q.object(), q.action());
  }

  private boolean castellan(CheckRequest check) {
    return queries.check(model, store, check);
  }

  @Benchmark
  public boolean jcasbinEnforce() {
    return casbin(questions[nextCasbin++ & (questions.length - 1)]);
  }

  @Benchmark
  public boolean castellanCheck() {
    return castellan(checks[nextCastellan++ & (checks.length - 1)]);
  }
}
