/**
 * The organization entity: commands in, validated, journaled to Cassandra (group commit), applied,
 * answered; its events and state are persistent schema. Each new state is published to this node's
 * snapshot registry, where reads take it without entering the entity.
 */
package io.castellan.server.organization;
