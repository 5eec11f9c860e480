/**
 * The people and things permissions hang on: the built-in model every organization starts with
 * ({@link BuiltinModel}), the management changes planned by the organization with its own state
 * ({@link ManagementChange}: users, teams, projects, groups, roles, documents, their members and
 * role assignments, each one event), and the directory read from that state ({@link Directory}).
 * Each change is authorized with the organization's own tuples: the server eats its own cooking.
 */
package io.castellan.server.domain;
