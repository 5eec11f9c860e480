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
data="${CASTELLAN_DATA:-$root/var}"
mkdir -p "$data"

key_file="$data/operator-key"
if [[ -z "${CASTELLAN_OPERATOR_KEY:-}" ]]; then
  if [[ ! -s "$key_file" ]]; then
    (umask 077 && head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > "$key_file")
    echo "generated an operator key in $key_file" >&2
  fi
  CASTELLAN_OPERATOR_KEY="$(cat "$key_file")"
fi
export CASTELLAN_OPERATOR_KEY
classpath_file="service/server/target/server.classpath"

stale() {
  [[ ! -s "$classpath_file" || ! -s deploy/cassandra/target/cassandra.classpath ]] && return 0
  [[ -n "$(find pom.xml */pom.xml */*/pom.xml protocol/src cluster-config/src service/engine/src/main \
      service/server/src/main deploy/cassandra/src -newer "$classpath_file" -type f -print -quit)" ]]
}
if stale; then
  echo "building (first run, or sources changed)..." >&2
  mvn -q -B -DskipTests -pl service/server,deploy/cassandra -am package >&2
  touch "$classpath_file"
fi

cassandra_pid=""
node_pid=""
stop() {
  trap - EXIT INT TERM
  if [[ -n "$node_pid" ]] && kill -0 "$node_pid" 2>/dev/null; then
    kill "$node_pid" 2>/dev/null || true
    wait "$node_pid" 2>/dev/null || true
  fi
  if [[ -n "$cassandra_pid" ]]; then
    deploy/cassandra/stop.sh "$cassandra_pid" >&2 || true
  fi
}
trap stop EXIT INT TERM

contact_point="${CASTELLAN_CASSANDRA_CONTACT_POINT:-}"
if [[ -z "$contact_point" ]]; then
  echo "starting Cassandra (data in $data/cassandra, log in $data/cassandra/cassandra.log)..." >&2
  cassandra_pid=$(deploy/cassandra/start.sh "$data/cassandra" 9042)
  contact_point="127.0.0.1:9042"
fi

# shellcheck disable=SC2086
java ${JAVA_OPTS:--Xms1g -Xmx4g} -Dconfig.resource=local.conf \
  -Ddatastax-java-driver.basic.contact-points.0="$contact_point" \
  -cp "$(cat "$classpath_file"):service/server/target/classes" io.castellan.server.Main &
node_pid=$!

port="${CASTELLAN_HTTP_PORT:-8080}"
for _ in $(seq 1 600); do
  # the node serves HTTP only once it can recover organizations from the journal
  if curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
    echo "Castellan ready on http://127.0.0.1:$port after $(echo "$(date +%s.%N) - $started" | bc) s (readiness: http://127.0.0.1:8558/ready)" >&2
    echo "operator key: $CASTELLAN_OPERATOR_KEY (send it as: Authorization: Bearer $CASTELLAN_OPERATOR_KEY)" >&2
    break
  fi
  kill -0 "$node_pid" 2>/dev/null || { echo "the node exited during startup" >&2; exit 1; }
  sleep 0.2
done
wait "$node_pid"
