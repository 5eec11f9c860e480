package io.castellan.server.http;

/**
 * An endpoint as operators and tests see it: method, path template, the scope it needs, and the
 * path parameter that names its organization (null: none).
 */
public record EndpointInfo(String method, String template, String scope, String organization) {}
