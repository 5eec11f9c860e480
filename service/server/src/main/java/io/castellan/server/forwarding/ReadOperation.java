package io.castellan.server.forwarding;

/**
 * The read operations of both APIs: what a node that does not host an organization forwards to the
 * node that does. Model reads carry their parameters as a small JSON body ({@code page_size},
 * {@code continuation_token}; {@code id}).
 */
public enum ReadOperation {
  READ,
  CHECK,
  BATCH_CHECK,
  EXPAND,
  LIST_OBJECTS,
  LIST_USERS,
  READ_MODELS,
  READ_MODEL,
  LIST_KEYS,
  /** A management read: an entity, a list, members, assignments ({@code DirectoryQuery}). */
  DIRECTORY,
  /** A page of an organization's export ({@code ExportBody}). */
  EXPORT,
  /**
   * Another organization's question about the sets of this one it shares ({@code MembershipQuery}):
   * asked by the node itself, never by a client.
   */
  MEMBERSHIP
}
