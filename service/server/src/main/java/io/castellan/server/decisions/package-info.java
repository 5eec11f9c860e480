/**
 * The decision log: access attempts (checks) kept per organization as its mode says ({@code off},
 * {@code denied}, {@code sampled}, {@code all}), written to a Cassandra table of their own in
 * batches, off the check's path, and read through the audit endpoint ({@code kind=decisions}).
 */
package io.castellan.server.decisions;
