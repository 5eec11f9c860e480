package io.castellan.server.organization;

import java.util.regex.Pattern;

/**
 * A subject set of another organization named in this one's tuples: {@code team:globex:eng#member}
 * is the members of team {@code eng} of organization {@code globex}. An id with a colon cannot be
 * an OpenFGA id, so such a subject never means anything else; checks and lists follow it into that
 * organization's state.
 */
public record ForeignSet(String organization, String type, String id, String relation) {

  private static final Pattern ORGANIZATION = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** The foreign set a tuple's subject names, or null when it names none. */
  public static ForeignSet of(String subject) {
    int colon = subject.indexOf(':');
    int hash = subject.indexOf('#');
    if (colon <= 0 || hash < 0) {
      return null;
    }
    int second = subject.indexOf(':', colon + 1);
    if (second < 0 || second > hash || second == hash - 1) {
      return null;
    }
    String organization = subject.substring(colon + 1, second);
    if (!ORGANIZATION.matcher(organization).matches()) {
      return null;
    }
    return new ForeignSet(
        organization,
        subject.substring(0, colon),
        subject.substring(second + 1, hash),
        subject.substring(hash + 1));
  }

  /** The set as this organization's tuples name it: {@code team:globex:eng#member}. */
  public String subject() {
    return type + ":" + organization + ":" + id + "#" + relation;
  }

  /** The object in its own organization: {@code team:eng}. */
  public String object() {
    return type + ":" + id;
  }
}
