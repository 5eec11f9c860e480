/**
 * Who calls, and what they may do: credentials (the operator key, organizations' API keys, JWT
 * access tokens, an authentication hook for opaque tokens) turned into a {@link
 * io.castellan.server.organization.Caller}; the policy that decides a caller's rights in an
 * organization from that organization's own tuples ({@link OrganizationAccess}); rate limits per
 * credential; failed attempts counted and slowed.
 */
package io.castellan.server.auth;
