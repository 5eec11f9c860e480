package io.castellan.server.http;

/** The read operations of both APIs: what a node that does not host an organization forwards. */
enum ReadOperation {
  READ, CHECK, BATCH_CHECK, EXPAND, LIST_OBJECTS, LIST_USERS
}
