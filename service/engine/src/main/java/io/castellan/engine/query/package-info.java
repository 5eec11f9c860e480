/**
 * The queries: Check, BatchCheck, Expand, ListObjects, ListUsers and Read over a model and a tuple
 * store, with OpenFGA's semantics (cycles, depth limit, conditions, contextual tuples).
 */
package io.castellan.engine.query;
