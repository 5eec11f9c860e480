package io.castellan.server.organization;

/**
 * The display name of a managed entity ({@code object}: {@code team:eng}), or its removal ({@code
 * name} null). Persistent schema: a field of journaled events.
 */
public record EntityName(String object, String name) {}
