package io.castellan.server.organization;

/**
 * What an undo reverses: the revisions {@code from} through {@code to}, and the model that is the
 * latest again (null: the latest model is unchanged). Persistent schema: a field of {@link
 * OrganizationEvent.TuplesWritten}.
 */
public record UndoneRange(long from, long to, String latestModelId) {}
