/**
 * The HTTP API, OpenFGA-compatible and native, as one table of endpoints ({@link
 * io.castellan.server.http.Router}): each authenticates its caller ({@link
 * io.castellan.server.http.CallerDirectives}), binds its body, asks the service, renders the
 * answer; one error body for every failure; reads of organizations hosted elsewhere routed to their
 * node ({@link io.castellan.server.http.ReadRouting}).
 */
package io.castellan.server.http;
