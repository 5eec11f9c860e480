/**
 * Local reads: the snapshot registry (each organization's newest state on this node, published by
 * its entity, waited on by reads that demand a revision), the followers (states of organizations
 * hosted on other nodes that this node reads often, kept current from their hosts' published events
 * and the journal) and read execution (checks inline, longer queries on their own dispatcher).
 * Reads never enter the entity.
 */
package io.castellan.server.read;
