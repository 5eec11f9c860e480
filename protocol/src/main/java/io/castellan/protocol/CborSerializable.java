package io.castellan.protocol;

/**
 * Marks messages, events and state that Pekko serializes with Jackson CBOR (bound in
 * cluster-config's serialization.conf).
 */
public interface CborSerializable {}
