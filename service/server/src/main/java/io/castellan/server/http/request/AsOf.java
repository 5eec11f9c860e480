package io.castellan.server.http.request;

import java.time.Instant;

/** A past moment a read asks about: a revision, or a time (the newest revision at or before it). */
public record AsOf(Long revision, Instant time) {}
