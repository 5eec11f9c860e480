/**
 * Reads of the journal itself (Pekko Persistence Query on Cassandra), not of memory: tuple changes
 * in journal order (OpenFGA's ReadChanges) and the directory of organizations (store listings).
 */
package io.castellan.server.journal;
