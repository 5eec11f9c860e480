package io.castellan.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.server.decisions.DecisionLog;
import io.castellan.server.forwarding.HostCache;
import io.castellan.server.forwarding.ReadForwarder;
import io.castellan.server.history.AuditLog;
import io.castellan.server.history.HistoricalStates;
import io.castellan.server.history.Provenance;
import io.castellan.server.history.TupleDiff;
import io.castellan.server.history.UndoPlanner;
import io.castellan.server.http.request.RequestBodies;
import io.castellan.server.http.request.RequestLimits;
import io.castellan.server.journal.ChangeLog;
import io.castellan.server.organization.AccessPolicy;
import io.castellan.server.read.Followers;
import io.castellan.server.read.ReadExecutor;
import io.castellan.server.service.OrganizationService;
import io.castellan.server.watch.WatchStream;

/**
 * The operations behind both HTTP APIs, one class per concern. Each binds a JSON body to its record
 * ({@link RequestBodies}), makes the entity or engine request of it, runs it, and renders the
 * answer in OpenFGA's shapes; the native API adds revision tokens ({@code nativeShape}).
 */
final class AuthorizationApi {

  final RequestBodies bodies;
  final ModelApi models;
  final WriteApi writes;
  final ChangesApi changes;
  final HistoryApi history;
  final WatchApi watch;
  final UndoApi undo;
  final DecisionApi decisions;
  final QueryApi queries;
  final KeyApi keys;
  final ManagementApi management;
  final ReadRouting reads;

  AuthorizationApi(
      OrganizationService organizations,
      ChangeLog changeLog,
      WatchStream watch,
      AuditLog audit,
      TupleDiff diff,
      HistoricalStates historicalStates,
      UndoPlanner undoPlanner,
      Provenance provenance,
      DecisionLog decisionLog,
      ReadExecutor reads,
      ObjectMapper mapper,
      ReadForwarder forwarder,
      HostCache hosts,
      Followers followers,
      AccessPolicy policy,
      RequestLimits requestLimits,
      ModelApi.Limits modelLimits) {
    this.bodies = new RequestBodies(mapper, requestLimits);
    this.models = new ModelApi(organizations, mapper, modelLimits, bodies);
    this.writes = new WriteApi(organizations, mapper, bodies);
    this.changes = new ChangesApi(organizations, changeLog, mapper);
    this.history = new HistoryApi(organizations, audit, diff, mapper);
    this.watch = new WatchApi(organizations, watch, mapper);
    this.undo = new UndoApi(organizations, undoPlanner, mapper, bodies);
    CrossOrganizationReads crossOrganization = new CrossOrganizationReads(mapper, reads);
    this.queries = new QueryApi(reads, crossOrganization, mapper, bodies, provenance, decisionLog);
    this.decisions = new DecisionApi(organizations, decisionLog, mapper, bodies);
    this.keys = new KeyApi(organizations, mapper, bodies);
    this.management = new ManagementApi(organizations, mapper, bodies);
    this.reads =
        new ReadRouting(
            organizations,
            queries,
            models,
            keys,
            management,
            new ExportApi(mapper),
            crossOrganization,
            forwarder,
            hosts,
            bodies,
            policy,
            historicalStates,
            followers);
    crossOrganization.answerThrough(this.reads);
  }
}
