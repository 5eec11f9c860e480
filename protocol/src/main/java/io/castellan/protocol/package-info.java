/**
 * The wire contract clients and other nodes rely on: the error body, revision tokens, consistency
 * modes, and the marker that binds messages to Pekko's Jackson serializer. Small for now: the rest
 * of the contract (request and answer shapes, events) still lives beside the code that uses it; the
 * vocabulary issue moves what clients depend on here.
 */
package io.castellan.protocol;
