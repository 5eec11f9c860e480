#!/usr/bin/env bash
# Runs a cluster of N Castellan nodes (default 3) on 127.0.0.1 with one local Cassandra that this
# script starts (data under var/), unless CASTELLAN_CASSANDRA_CONTACT_POINT names an external one.
# Node i (from 0) serves HTTP on 8080+i, Pekko Management (/alive, /ready) on 8558+i and Pekko
# remoting on 25520+i; node 0 is the seed node every other joins through. Organizations are
# sharded over the nodes; any node answers for every organization, and a node that dies is downed
# (split brain resolver) and its organizations start on the others. Builds what is missing or stale
# first. Ctrl-C (or SIGTERM) stops every node, then Cassandra.
#
#   deploy/run-cluster.sh [N]
#
# Environment: CASTELLAN_DATA (var/), CASTELLAN_CASSANDRA_CONTACT_POINT, CASTELLAN_OPERATOR_KEY (as
# for deploy/run-local.sh: generated into $CASTELLAN_DATA/operator-key on first start), JAVA_OPTS
# (per node, default -Xms256m -Xmx1g here: N nodes share the machine); each node's log is
# $CASTELLAN_DATA/node-<i>.log.
set -euo pipefail
started=$(date +%s.%N)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=deploy/lib/node.sh
source deploy/lib/node.sh
nodes="${1:-3}"
if ! [[ "$nodes" =~ ^[1-9][0-9]?$ ]]; then
  echo "usage: deploy/run-cluster.sh [N]   (1-99 nodes, default 3)" >&2
  exit 2
fi
data="${CASTELLAN_DATA:-$root/var}"
mkdir -p "$data"
castellan_operator_key "$data"
castellan_build
export JAVA_OPTS="${JAVA_OPTS:--Xms256m -Xmx1g}"

pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  castellan_stop_cassandra
  exit 0 # a signal's trap would otherwise return to the watch loop below
}
trap stop EXIT INT TERM

castellan_start_cassandra "$data"
seed="pekko://castellan@127.0.0.1:25520"
for ((i = 0; i < nodes; i++)); do
  CASTELLAN_HTTP_PORT=$((8080 + i)) CASTELLAN_MANAGEMENT_PORT=$((8558 + i)) \
    CASTELLAN_REMOTE_PORT=$((25520 + i)) \
    castellan_start_node -Dpekko.cluster.seed-nodes.0="$seed" > "$data/node-$i.log" 2>&1
  pids+=("$castellan_node_pid")
  # the seed first: the others join through it
  if ((i == 0)); then
    castellan_await_http "$castellan_node_pid" 8080 || exit 1
  fi
done
for ((i = 1; i < nodes; i++)); do
  castellan_await_http "${pids[$i]}" $((8080 + i)) || exit 1
done
echo "Castellan cluster of $nodes nodes ready after $(echo "$(date +%s.%N) - $started" | bc) s:" >&2
for ((i = 0; i < nodes; i++)); do
  echo "  node $i: http://127.0.0.1:$((8080 + i)) (readiness http://127.0.0.1:$((8558 + i))/ready, log $data/node-$i.log)" >&2
done
echo "operator key: $CASTELLAN_OPERATOR_KEY (send it as: Authorization: Bearer $CASTELLAN_OPERATOR_KEY)" >&2
# the cluster outlives any one node (a node killed is downed and its organizations move to the
# others); the script ends on Ctrl-C, or when no node is left
reported=()
while true; do
  alive=0
  for ((i = 0; i < nodes; i++)); do
    if kill -0 "${pids[$i]}" 2>/dev/null; then
      alive=$((alive + 1))
    elif [[ -z "${reported[$i]:-}" ]]; then
      reported[$i]=1
      echo "node $i exited (log $data/node-$i.log); the others go on" >&2
    fi
  done
  ((alive == 0)) && break
  sleep 1
done
