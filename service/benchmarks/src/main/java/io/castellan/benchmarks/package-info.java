/**
 * JMH benchmarks of the engine, the jCasbin comparison, retained heap per tuple, and counters
 * (index lookups per check) that docs/benchmarks.md quotes. Run with service/benchmarks/run.sh.
 */
package io.castellan.benchmarks;
