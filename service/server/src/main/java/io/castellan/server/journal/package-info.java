/**
 * Reads of the journal itself (Pekko Persistence Query on Cassandra), not of memory: tuple changes
 * in journal order (OpenFGA's ReadChanges) and the directory of organizations (store listings); and
 * whether the journal can be reached now.
 */
package io.castellan.server.journal;
