package io.castellan.server.forwarding;

import io.castellan.protocol.ErrorCode;
import io.castellan.server.service.ServiceException;

/**
 * A forwarded read did not reach a node hosting the organization: the node is not (or no longer) in
 * the cluster, or no longer hosts it. Where the organization runs must be asked again.
 */
public final class HostMissed extends ServiceException {

  HostMissed(String organizationId) {
    super(
        ErrorCode.UNAVAILABLE,
        "organization '" + organizationId + "' is moving between nodes; try again");
  }
}
