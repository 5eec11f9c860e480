#!/usr/bin/env bash
# Forwarded reads, bounded in time (about 3 minutes of load): two nodes in one cluster on this
# machine with one local Cassandra; the peers' document workload in one organization; checks at
# 64 connections through the node hosting it and through the other node, whose reads are
# forwarded to it. Same run, same machine: the ratio is the cost of forwarding. All on 127.0.0.1.
# With the default settings the other node starts following the organization during the warm-up
# (followers.conf) and answers its reads itself; NODE_OPTS=-Dcastellan.followers.enabled=false
# measures forwarding alone. Results: docs/benchmarks/forward-*.txt. Needs wrk (apt-get install wrk).
#
#   deploy/bench/forward-bench.sh
#   NODE_OPTS="-Dcastellan.followers.enabled=false" deploy/bench/forward-bench.sh
#   NODE_OPTS="-Dpekko.io.tcp.worker-dispatcher=pekko.actor.default-dispatcher" deploy/bench/forward-bench.sh
#
# NODE_OPTS: extra JVM options for both nodes (the dispatcher experiments in docs/benchmarks.md).
set -euo pipefail
# one operator key for the nodes this script starts and the requests it sends
export CASTELLAN_OPERATOR_KEY="${CASTELLAN_OPERATOR_KEY:-bench-$(date +%s%N)}"
export CASTELLAN_TOKEN="${CASTELLAN_TOKEN:-$CASTELLAN_OPERATOR_KEY}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="$root/docs/benchmarks"
data="$root/var/forward-bench"
duration="${DURATION:-10s}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
if [[ -f "$data/cassandra/cassandra.pid" ]] && kill -0 "$(cat "$data/cassandra/cassandra.pid")" 2>/dev/null; then
  echo "a Cassandra from an earlier run still uses $data: deploy/cassandra/stop.sh $data/cassandra" >&2
  exit 1
fi
rm -rf "$data"
mkdir -p "$data" "$out"

# the first node (from run-local.sh, which also starts Cassandra), then a second joining it
JAVA_OPTS="-Xms1g -Xmx4g ${NODE_OPTS:-}" CASTELLAN_DATA="$data" deploy/run-local.sh >"$data/node-1.log" 2>&1 &
first=$!
second=""
cleanup() {
  [[ -n "$second" ]] && { kill "$second" 2>/dev/null || true; wait "$second" 2>/dev/null || true; }
  kill "$first" 2>/dev/null || true
  wait "$first" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 300); do
  grep -q "Castellan ready" "$data/node-1.log" 2>/dev/null && break
  kill -0 "$first" 2>/dev/null || { tail -20 "$data/node-1.log" >&2; exit 1; }
  sleep 0.5
done
grep -q "Castellan ready" "$data/node-1.log" || { echo "the first node did not become ready" >&2; exit 1; }
# shellcheck disable=SC2086 # NODE_OPTS holds several options
java -Xms1g -Xmx4g ${NODE_OPTS:-} -Dconfig.resource=local.conf -Dcastellan.cluster.self-join=off \
  -Dpekko.cluster.seed-nodes.0=pekko://castellan@127.0.0.1:25520 -Dpekko.remote.artery.canonical.port=25521 \
  -Dcastellan.http.port=8081 -Dpekko.management.http.port=8559 \
  -Ddatastax-java-driver.basic.contact-points.0=127.0.0.1:9042 \
  -cp "$(cat service/server/target/server.classpath):service/server/target/classes" io.castellan.server.Main \
  >"$data/node-2.log" 2>&1 &
second=$!
for _ in $(seq 1 120); do
  curl -s -o /dev/null http://127.0.0.1:8081/ 2>/dev/null && break
  sleep 0.5
done
curl -s -o /dev/null http://127.0.0.1:8081/ || { echo "the second node did not start" >&2; tail -20 "$data/node-2.log" >&2; exit 1; }
sleep 5 # the second node's membership reaches the first

python3 deploy/bench/load-workload.py http://127.0.0.1:8080
host=$(curl -s -H "Authorization: Bearer $CASTELLAN_OPERATOR_KEY" http://127.0.0.1:8080/v1/orgs/bench | python3 -c 'import json,sys; print(json.load(sys.stdin)["host"])')
if [[ "$host" == *":25520" ]]; then hosting=8080; other=8081; else hosting=8081; other=8080; fi
echo "organization bench runs on $host: direct through port $hosting, forwarded through port $other"

check_run() { # name, port
  echo "== $1 (port $2)" | tee "$out/forward-$1.txt"
  wrk -t2 -c64 -d"$duration" --latency -s deploy/bench/mixed-castellan.lua "http://127.0.0.1:$2" | tee -a "$out/forward-$1.txt"
}
# warm up both paths (the JIT takes a minute of load on this 2-core machine), then measure each
# twice, alternating, so that the machine's drift touches both alike
wrk -t2 -c64 -d60s -s deploy/bench/mixed-castellan.lua "http://127.0.0.1:$other" >/dev/null
wrk -t2 -c64 -d60s -s deploy/bench/mixed-castellan.lua "http://127.0.0.1:$hosting" >/dev/null
check_run direct "$hosting"
check_run forwarded "$other"
check_run direct-again "$hosting"
check_run forwarded-again "$other"
