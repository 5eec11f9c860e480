/**
 * Small helpers for asynchronous answers: moving an outcome onto a plain future (Pekko's futures
 * would run continuations on the common pool) and finding what failed inside wrapped failures.
 */
package io.castellan.server.async;
