package io.castellan.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.server.journal.ChangeLog;
import io.castellan.server.read.ReadExecutor;
import io.castellan.server.service.OrganizationService;

/**
 * The operations behind both HTTP APIs, one class per concern. Each translates a JSON body into an
 * entity or engine request, runs it, and renders the answer in OpenFGA's shapes; the native API
 * adds revision tokens ({@code nativeShape}).
 */
final class AuthorizationApi {

  final RequestJson json;
  final ModelApi models;
  final WriteApi writes;
  final ChangesApi changes;
  final QueryApi queries;
  final ReadRouting reads;

  AuthorizationApi(
      OrganizationService organizations,
      ChangeLog changeLog,
      ReadExecutor reads,
      ObjectMapper mapper,
      ReadForwarder forwarder,
      int maxTuplesPerWrite,
      int maxChecksPerBatch,
      ModelApi.Limits modelLimits) {
    this.json = new RequestJson(mapper);
    this.models = new ModelApi(organizations, mapper, modelLimits);
    this.writes = new WriteApi(organizations, mapper, json, maxTuplesPerWrite);
    this.changes = new ChangesApi(organizations, changeLog, mapper);
    this.queries = new QueryApi(organizations, reads, mapper, json, maxChecksPerBatch);
    this.reads = new ReadRouting(organizations, queries, models, forwarder);
  }

  /** The reads a node answers for others: from this node only, never forwarded again. */
  static ReadRouting readsHere(
      OrganizationService organizations,
      ReadExecutor reads,
      ObjectMapper mapper,
      int maxChecksPerBatch) {
    OrganizationService here = organizations.withoutHostCache();
    return new ReadRouting(
        here,
        new QueryApi(here, reads, mapper, new RequestJson(mapper), maxChecksPerBatch),
        new ModelApi(here, mapper, null),
        null); // answers reads only: no model is written here
  }
}
