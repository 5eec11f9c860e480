package io.castellan.benchmarks;

import io.castellan.engine.model.CompiledModel;
import io.castellan.engine.model.ModelLoader;
import io.castellan.engine.query.CheckRequest;
import io.castellan.engine.query.TupleKey;
import io.castellan.engine.query.TupleValidator;
import io.castellan.engine.store.IndexedTuple;
import io.castellan.engine.store.TupleCondition;
import io.castellan.engine.store.TupleStore;
import io.castellan.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A generated organization shaped like real use, with exactly {@code size} tuples: one organization
 * with admins and members; teams nested three deep (a top team holds 3 sub-teams, each holding 2
 * more); projects owned by a user, edited by a team, viewed by users (some grants conditional on an
 * expiry time), and 20 of them public ({@code user:*}). Deterministic per size.
 */
public final class GeneratedOrganization {

  public static final String MODEL =
      """
      model
        schema 1.1
      type user
      type organization
        relations
          define admin: [user]
          define member: [user] or admin
      type team
        relations
          define organization: [organization]
          define member: [user, team#member]
      type project
        relations
          define organization: [organization]
          define owner: [user, organization#admin]
          define editor: [user, team#member] or owner
          define viewer: [user, user:*, team#member, user with unexpired] or editor
          define can_view: viewer or admin from organization
          define can_edit: editor or admin from organization
      condition unexpired(current_time: timestamp, expires_at: timestamp) {
        current_time < expires_at
      }
      """;

  /**
   * Projects anyone may view ({@code user:*}), whatever the size: everyone's lists include them.
   */
  public static final int PUBLIC_PROJECTS = 20;

  /** The user whose visible projects ListObjects benchmarks list (about 100 of them). */
  public static final String LISTER = "user:lister";

  public static final Map<String, Object> CONTEXT = Map.of("current_time", "2026-06-01T00:00:00Z");

  public final CompiledModel model;
  public final TupleStore store;
  public final int users;
  public final int projects;
  public final int teams;

  /** Checks answered within three hops, about half allowed. */
  public final List<CheckRequest> checks;

  private GeneratedOrganization(
      CompiledModel model,
      List<TupleKey> keys,
      int users,
      int projects,
      int teams,
      List<CheckRequest> checks) {
    this.model = model;
    this.store =
        TupleStore.EMPTY.apply(
            List.of(), TupleValidator.validateAll(model, keys, ErrorCode.VALIDATION_ERROR));
    this.users = users;
    this.projects = projects;
    this.teams = teams;
    this.checks = checks;
  }

  public static GeneratedOrganization of(int size) {
    CompiledModel model = ModelLoader.fromDsl(MODEL);
    Random random = new Random(size);
    List<TupleKey> keys = new ArrayList<>(size);
    int users = Math.max(50, size / 6);
    int projects = Math.max(20, size / 10);
    int topTeams = Math.max(4, size / 2000);
    int teams = topTeams * 10;
    // teams: ids 0..topTeams-1 are top; each top t has subs, each sub has two leaves
    int[] parentOf = new int[teams];
    int next = topTeams;
    List<Integer> leaves = new ArrayList<>();
    for (int top = 0; top < topTeams; top++) {
      parentOf[top] = -1;
      keys.add(key("team:t" + top, "organization", "organization:acme"));
      for (int s = 0; s < 3; s++) {
        int sub = next++;
        parentOf[sub] = top;
        keys.add(key("team:t" + top, "member", "team:t" + sub + "#member"));
        for (int l = 0; l < 2; l++) {
          int leaf = next++;
          parentOf[leaf] = sub;
          leaves.add(leaf);
          keys.add(key("team:t" + sub, "member", "team:t" + leaf + "#member"));
        }
      }
    }
    for (int admin = 0; admin < 5; admin++) {
      keys.add(key("organization:acme", "admin", "user:u" + admin));
    }
    int[] teamOfUser = new int[users];
    for (int u = 0; u < users; u++) {
      keys.add(key("organization:acme", "member", "user:u" + u));
      int team = leaves.get(random.nextInt(leaves.size()));
      teamOfUser[u] = team;
      keys.add(key("team:t" + team, "member", "user:u" + u));
    }
    int[] editorTeam = new int[projects];
    for (int p = 0; p < projects; p++) {
      String project = "project:p" + p;
      keys.add(key(project, "organization", "organization:acme"));
      keys.add(key(project, "owner", "user:u" + random.nextInt(users)));
      editorTeam[p] = random.nextInt(teams);
      keys.add(key(project, "editor", "team:t" + editorTeam[p] + "#member"));
      if (p % (projects / PUBLIC_PROJECTS) == 0) {
        keys.add(key(project, "viewer", "user:*"));
      }
    }
    // the lister: in one leaf team (so also its sub and top teams), and a direct viewer of 40
    // projects
    int listerTeam = leaves.get(0);
    keys.add(key("team:t" + listerTeam, "member", LISTER));
    for (int i = 0; i < 40; i++) {
      keys.add(key("project:p" + random.nextInt(projects), "viewer", LISTER));
    }
    // fill up with direct viewer grants, one in ten conditional on an expiry
    Set<String> seen = new HashSet<>();
    for (TupleKey key : keys) {
      seen.add(key.toString());
    }
    while (keys.size() < size) {
      TupleKey grant =
          key("project:p" + random.nextInt(projects), "viewer", "user:u" + random.nextInt(users));
      if (!seen.add(grant.toString())) {
        continue;
      }
      if (random.nextInt(10) == 0) {
        String expiry = random.nextBoolean() ? "2027-01-01T00:00:00Z" : "2025-01-01T00:00:00Z";
        grant =
            new TupleKey(
                grant.object(),
                grant.relation(),
                grant.user(),
                new TupleCondition("unexpired", Map.of("expires_at", expiry)));
      }
      keys.add(grant);
    }
    List<CheckRequest> checks = new ArrayList<>();
    for (int i = 0; checks.size() < 1024; i++) {
      int kind = i % 4;
      if (kind == 0) {
        // one hop: a direct viewer grant
        TupleKey grant = keys.get(keys.size() - 1 - random.nextInt(Math.max(1, keys.size() / 2)));
        if (grant.relation().equals("viewer") && !grant.user().equals("user:*")) {
          checks.add(check(grant.object(), grant.user()));
        }
      } else if (kind == 1 || kind == 2) {
        // two or three hops: a user in a leaf team whose team (kind 1) or grandparent team (kind 2)
        // edits
        int p = random.nextInt(projects);
        int team = editorTeam[p];
        List<Integer> members = new ArrayList<>();
        for (int u = 0; u < users && members.size() < 8; u++) {
          int t = teamOfUser[u];
          boolean under = kind == 1 ? t == team : parentOf[t] >= 0 && parentOf[parentOf[t]] == team;
          if (under) {
            members.add(u);
          }
        }
        if (!members.isEmpty()) {
          checks.add(
              check("project:p" + p, "user:u" + members.get(random.nextInt(members.size()))));
        }
      } else {
        // mostly denied: a random user and project
        checks.add(check("project:p" + random.nextInt(projects), "user:u" + random.nextInt(users)));
      }
    }
    Collections.shuffle(checks, random);
    return new GeneratedOrganization(model, keys, users, projects, teams, checks);
  }

  private static CheckRequest check(String object, String user) {
    return new CheckRequest(object, "can_view", user, List.of(), CONTEXT);
  }

  private static TupleKey key(String object, String relation, String user) {
    return TupleKey.of(object, relation, user);
  }

  /**
   * Collects the generator's garbage before measuring: a million-tuple setup leaves the collector
   * busy for several seconds, which otherwise lands in the first measured iterations.
   */
  public static void settleHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
  }

  /** A tuple not in the store, for write benchmarks. */
  public IndexedTuple newViewerGrant(int i) {
    return TupleValidator.validate(
        model,
        key("project:p" + (i % projects), "viewer", "user:new" + i),
        ErrorCode.VALIDATION_ERROR);
  }
}
