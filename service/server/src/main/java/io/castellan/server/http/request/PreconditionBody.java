package io.castellan.server.http.request;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A write's precondition: the tuple must ({@code exists}) or must not exist. */
public record PreconditionBody(@JsonProperty("tuple_key") TupleKeyBody tupleKey, Boolean exists) {}
