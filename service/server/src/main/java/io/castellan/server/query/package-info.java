/** Runs reads against an organization's state: checks inline, longer queries on their own dispatcher. */
package io.castellan.server.query;
