/**
 * A Castellan node: {@link io.castellan.server.Main} wires cluster membership, the organization
 * entities, the read path and HTTP, and waits for the journal before serving.
 */
package io.castellan.server;
