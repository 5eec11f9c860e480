package io.castellan.server.organization;

import io.castellan.protocol.CborSerializable;

/**
 * What the organization answers a command it may refuse: the result, or {@link Refused} with the
 * typed reason. The results are records of their own (a summary, a model written, tuples applied),
 * so that every answer crosses nodes as itself, with no generic payload to lose its type.
 */
public sealed interface Answer<T> extends CborSerializable
    permits Answer.Refused,
        Answer.TuplesApplied,
        OrganizationCommand.Summary,
        OrganizationCommand.ModelWriteResult,
        OrganizationCommand.KeyChanged,
        OrganizationCommand.UndoApplied,
        OrganizationCommand.Managed {

  /** Nothing was applied, except when the error is {@code outcome_unknown}. */
  record Refused<T>(OrganizationError error) implements Answer<T> {}

  /** A tuple write applied at {@code revision} (or found applied there, for a repeated key). */
  record TuplesApplied(long revision) implements Answer<TuplesApplied> {}
}
