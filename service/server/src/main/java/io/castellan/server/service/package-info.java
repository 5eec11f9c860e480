/**
 * The service between routes and entities: asks organizations for changes (with deadlines and the
 * journal's circuit breaker), and finds the state a read needs, or the node that hosts it ({@link
 * io.castellan.server.service.StateLookup}).
 */
package io.castellan.server.service;
