package io.castellan.server.organization;

import io.castellan.protocol.CborSerializable;
import java.util.Set;

/**
 * Who makes a request, as authentication established it; what it may do in an organization is
 * decided there, with that organization's state ({@link AccessPolicy}). Never carries a secret: an
 * API key travels as its id and the hash of the secret presented, which the organization compares
 * with the hash it stored.
 *
 * @param kind how the caller authenticated
 * @param id the token's subject ({@link Kind#USER}), the key's id ({@link Kind#KEY}), else empty
 * @param groups the token's groups ({@link Kind#USER}), else empty
 * @param organization the organization an API key belongs to ({@link Kind#KEY}), else null
 * @param secretHash the hash of the API key's secret as presented ({@link Kind#KEY}), else null
 */
public record Caller(
    Kind kind, String id, Set<String> groups, String organization, String secretHash)
    implements CborSerializable {

  public enum Kind {
    /** The cluster's operator key: every organization, including creating them. */
    OPERATOR,
    /** An organization's API key: that organization only, within its scopes. */
    KEY,
    /** A user from a token or the authentication hook: by its organization's tuples. */
    USER,
    /** Nobody in particular: authentication is turned off. Allowed everything. */
    ANONYMOUS,
    /** The node itself (probes, lookups), never a request's caller. */
    SYSTEM
  }

  public static final Caller OPERATOR = new Caller(Kind.OPERATOR, "", Set.of(), null, null);
  public static final Caller ANONYMOUS = new Caller(Kind.ANONYMOUS, "", Set.of(), null, null);
  public static final Caller SYSTEM = new Caller(Kind.SYSTEM, "", Set.of(), null, null);

  public Caller {
    groups = Set.copyOf(groups);
  }

  public static Caller user(String subject, Set<String> groups) {
    return new Caller(Kind.USER, subject, groups, null, null);
  }

  public static Caller key(String organization, String keyId, String secretHash) {
    return new Caller(Kind.KEY, keyId, Set.of(), organization, secretHash);
  }

  /** The caller as events record it: {@code user:<sub>}, {@code key:<id>}, {@code operator}. */
  public String actor() {
    return switch (kind) {
      case OPERATOR -> "operator";
      case KEY -> "key:" + id;
      case USER -> "user:" + id;
      case ANONYMOUS -> RequestInfo.ANONYMOUS;
      case SYSTEM -> "system";
    };
  }

  /** Whether the caller is allowed every organization without asking it (operator, auth off). */
  public boolean unrestricted() {
    return kind == Kind.OPERATOR || kind == Kind.ANONYMOUS || kind == Kind.SYSTEM;
  }
}
