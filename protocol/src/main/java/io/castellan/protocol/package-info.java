/**
 * The wire contract clients rely on: every error code ({@link io.castellan.protocol.ErrorCode}),
 * the error body, revision and continuation tokens, consistency modes, and the marker that binds
 * messages to Pekko's Jackson serializer. The messages between nodes (forwarded reads, entity
 * commands and answers) stay beside the code that sends them: a cluster runs one version, so they
 * change together with it, while what is here must not change under a client.
 */
package io.castellan.protocol;
