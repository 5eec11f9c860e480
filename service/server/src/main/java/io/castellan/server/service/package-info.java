/**
 * The service between routes and entities: asks organizations for changes (with deadlines and the
 * journal's circuit breaker), and finds the state a read needs and where an organization runs.
 */
package io.castellan.server.service;
