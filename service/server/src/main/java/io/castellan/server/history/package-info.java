/**
 * An organization's history, read from its journal: the audit trail of every change with who made
 * it, when and why ({@link AuditLog}), and the net tuple changes between two revisions ({@link
 * TupleDiff}). Not a hot path: it reads Cassandra, never an organization's memory.
 */
package io.castellan.server.history;
