/**
 * The {@code castellan} command line (picocli): the management endpoints, queries, models and their
 * tests, import and export of tuples, API keys and history, over the server's HTTP API. Tables for
 * people, {@code --json} for scripts; a failure is a message and a non-zero exit code, never a
 * stack trace.
 */
package io.castellan.cli;
