package io.castellan.server.service;

import io.castellan.server.organization.OrganizationState;
import java.util.function.Function;

/**
 * Where a read finds an organization's state: here, in this node's memory, or on the node that
 * hosts the organization, which must answer the read instead.
 */
public sealed interface StateLookup {

  /** {@code here} of the state, or {@code elsewhere} of the hosting node's address. */
  <T> T fold(Function<OrganizationState, T> here, Function<String, T> elsewhere);

  /** The state, as fresh as the read asked. */
  record Here(OrganizationState state) implements StateLookup {
    @Override
    public <T> T fold(Function<OrganizationState, T> here, Function<String, T> elsewhere) {
      return here.apply(state);
    }
  }

  /** The organization runs on the node at {@code host} (its cluster address). */
  record HostedElsewhere(String host) implements StateLookup {
    @Override
    public <T> T fold(Function<OrganizationState, T> here, Function<String, T> elsewhere) {
      return elsewhere.apply(host);
    }
  }
}
