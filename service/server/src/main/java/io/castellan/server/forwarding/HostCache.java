package io.castellan.server.forwarding;

import io.castellan.server.read.SnapshotRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where organizations hosted on other nodes run, as this node has learned it: their reads go
 * straight there instead of asking the organization (through its entity's mailbox) each time. An
 * entry lasts until a read forwarded there misses, or the organization comes to run here.
 */
public final class HostCache {

  private final Map<String, String> hosts = new ConcurrentHashMap<>();
  private final SnapshotRegistry registry;
  private final String self;

  /** {@code registry}: the states this node hosts; {@code self}: this node's address. */
  public HostCache(SnapshotRegistry registry, String self) {
    this.registry = registry;
    this.self = self;
  }

  /** The node the organization runs on when it is known to be another one; otherwise null. */
  public String hostElsewhere(String organizationId) {
    String host = hosts.get(organizationId);
    if (host != null && registry.current(organizationId) != null) {
      hosts.remove(organizationId, host); // it runs here now
      return null;
    }
    return host;
  }

  /** Whether the organization runs on this node now. */
  public boolean hostedHere(String organizationId) {
    return registry.current(organizationId) != null;
  }

  /** The organization said it runs on {@code host}. */
  public void remember(String organizationId, String host) {
    if (host != null && !host.equals(self)) {
      hosts.put(organizationId, host);
    }
  }

  /**
   * Forgets every organization remembered on {@code host} (see {@link NodeDepartures}): its
   * organizations are (or will be) elsewhere; their next reads ask where, instead of waiting for a
   * forwarded read to time out.
   */
  public void forgetHost(String host) {
    hosts.values().removeIf(host::equals);
  }

  /** A read forwarded to {@code host} did not get its answer there. */
  public void forget(String organizationId, String host) {
    if (host != null) {
      hosts.remove(organizationId, host);
    }
  }
}
