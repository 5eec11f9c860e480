/**
 * The JSON bodies clients send, as records Jackson binds strictly ({@link RequestBodies}), and the
 * one place their limits and required fields are checked ({@link RequestLimits}) on the way to the
 * engine's and the entity's requests. A body that cannot be understood is a {@link BadRequest}.
 */
package io.castellan.server.http.request;
