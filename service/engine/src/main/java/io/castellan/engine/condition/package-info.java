/**
 * Relationship conditions: CEL programs compiled once per model and evaluated against a tuple's
 * stored context merged with the request's, with OpenFGA's parameter types and conversions (Go
 * durations, RFC 3339 times, IP addresses and prefixes as Go's netip reads and prints them).
 */
package io.castellan.engine.condition;
