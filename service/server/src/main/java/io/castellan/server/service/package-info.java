/**
 * The service between routes and entities: asks organizations for changes (with deadlines and the
 * journal's circuit breaker), finds the state a read needs and where an organization runs, and
 * reads the journal for changes and store listings.
 */
package io.castellan.server.service;
