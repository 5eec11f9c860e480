/**
 * Runs a local single-node Cassandra in its own JVM, for development and tests (never on the
 * server's classpath: its libraries clash with Pekko's).
 */
package io.castellan.deploy;
