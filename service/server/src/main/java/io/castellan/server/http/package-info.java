/**
 * The HTTP API, OpenFGA-compatible and native: parse, ask, render; one error body for every
 * failure; reads of organizations hosted elsewhere forwarded to their node.
 */
package io.castellan.server.http;
