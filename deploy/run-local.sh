#!/usr/bin/env bash
# Runs one Castellan node on http://127.0.0.1:8080 with a local Cassandra that this script starts
# (data under var/), unless CASTELLAN_CASSANDRA_CONTACT_POINT (host:port) names an external one.
# Builds what is missing or stale first. Ctrl-C (or SIGTERM) stops the node, then Cassandra.
#
#   deploy/run-local.sh
#
# Environment: CASTELLAN_HTTP_PORT (8080), CASTELLAN_DATA (var/), CASTELLAN_CASSANDRA_CONTACT_POINT,
# CASTELLAN_OPERATOR_KEY (the operator's credential; without it one is generated on first start,
# kept in $CASTELLAN_DATA/operator-key readable by its owner only, and printed),
# JAVA_OPTS (JVM options for the node, default -Xms1g -Xmx4g).
set -euo pipefail
started=$(date +%s.%N)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=deploy/lib/node.sh
source deploy/lib/node.sh
data="${CASTELLAN_DATA:-$root/var}"
mkdir -p "$data"
castellan_operator_key "$data"
castellan_build

node_pid=""
stop() {
  trap - EXIT INT TERM
  castellan_stop_node "$node_pid"
  castellan_stop_cassandra
}
trap stop EXIT INT TERM

castellan_start_cassandra "$data"
castellan_start_node
node_pid=$castellan_node_pid
port="${CASTELLAN_HTTP_PORT:-8080}"
castellan_await_http "$node_pid" "$port" || exit 1
echo "Castellan ready on http://127.0.0.1:$port after $(echo "$(date +%s.%N) - $started" | bc) s (readiness: http://127.0.0.1:${CASTELLAN_MANAGEMENT_PORT:-8558}/ready)" >&2
echo "operator key: $CASTELLAN_OPERATOR_KEY (send it as: Authorization: Bearer $CASTELLAN_OPERATOR_KEY)" >&2
wait "$node_pid"
