#!/usr/bin/env bash
# Write throughput of one organization under each commit log mode of the local Cassandra, bounded
# in time (about 1.5 minutes of load per mode): one node from deploy/run-local.sh on a fresh
# Cassandra started with CASSANDRA_COMMITLOG_SYNC=<mode>, a 30 s warm-up (the JIT), then WINDOWS windows of
# one-tuple writes from 64 connections (wrk). All on 127.0.0.1.
# Results: docs/benchmarks/durability-writes.txt. Needs wrk (apt-get install wrk).
#
#   deploy/bench/durability-bench.sh [mode ...]      (default: periodic group batch)
set -euo pipefail
# one operator key for the nodes this script starts and the requests it sends
export CASTELLAN_OPERATOR_KEY="${CASTELLAN_OPERATOR_KEY:-bench-$(date +%s%N)}"
export CASTELLAN_TOKEN="${CASTELLAN_TOKEN:-$CASTELLAN_OPERATOR_KEY}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="$root/docs/benchmarks/durability-writes.txt"
duration="${DURATION:-10s}"
windows="${WINDOWS:-3}"
modes=("$@")
[[ ${#modes[@]} -gt 0 ]] || modes=(periodic group batch)
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
data="$root/var/durability-bench"
[[ -f "$data/cassandra/cassandra.pid" ]] && kill -0 "$(cat "$data/cassandra/cassandra.pid")" 2>/dev/null \
  && { echo "a Cassandra from an earlier run still uses $data: deploy/cassandra/stop.sh $data/cassandra" >&2; exit 1; }

cassandra=""
runner=""
cleanup() {
  [[ -n "$runner" ]] && { kill "$runner" 2>/dev/null || true; wait "$runner" 2>/dev/null || true; }
  [[ -n "$cassandra" ]] && deploy/cassandra/stop.sh "$cassandra" >/dev/null 2>&1 || true
  runner=""; cassandra=""
}
trap cleanup EXIT
# how many writes each journal write carried (the organization's own count, since it started)
group_commit() {
  curl -sf -H "Authorization: Bearer $CASTELLAN_OPERATOR_KEY" localhost:8080/v1/orgs/bench | python3 -c 'import json,sys; g=json.load(sys.stdin)["group_commit"];
print("== group commit (%s): %d writes in %d journal writes, %.1f per journal write, largest %d"
      % (sys.argv[1], g["writes"], g["journal_writes"], g["writes"] / max(1, g["journal_writes"]), g["largest"]))' "$1"
}
: >"$out"
for mode in "${modes[@]}"; do
  rm -rf "$data"; mkdir -p "$data"
  cassandra=$(CASSANDRA_COMMITLOG_SYNC="$mode" deploy/cassandra/start.sh "$data/cassandra" 9042)
  CASTELLAN_DATA="$data" CASTELLAN_CASSANDRA_CONTACT_POINT=127.0.0.1:9042 \
    deploy/run-local.sh >"$data/node.log" 2>&1 &
  runner=$!
  for _ in $(seq 1 300); do
    grep -q "Castellan ready" "$data/node.log" 2>/dev/null && break
    kill -0 "$runner" 2>/dev/null || { cat "$data/node.log" >&2; exit 1; }
    sleep 0.5
  done
  curl -sf -H "Authorization: Bearer $CASTELLAN_OPERATOR_KEY" -X PUT localhost:8080/v1/orgs/bench -d '{"name": "bench"}' >/dev/null
  curl -sf -H "Authorization: Bearer $CASTELLAN_OPERATOR_KEY" -X POST localhost:8080/v1/orgs/bench/models \
    -d '{"dsl": "model\n  schema 1.1\ntype user\ntype document\n  relations\n    define viewer: [user]\n"}' >/dev/null
  RUN_ID=warm$(date +%s) wrk -t2 -c64 -d"${WARMUP:-30s}" -s deploy/bench/writes.lua http://127.0.0.1:8080 >/dev/null
  for window in $(seq 1 "$windows"); do
    echo "== commitlog_sync $mode, window $window" | tee -a "$out"
    RUN_ID=$mode$window$(date +%s) wrk -t2 -c64 -d"$duration" --latency -s deploy/bench/writes.lua \
      http://127.0.0.1:8080 | tee -a "$out"
  done
  group_commit "$mode" | tee -a "$out"
  cleanup
done
echo "== summary (mode, window, acknowledged writes/s, p50, p99)"
awk '/^== commitlog/{m=$3; w=$NF; bad=""} /Non-2xx|Socket errors/{bad=bad " [" $0 "]"}
  / 50%/{p50=$2} / 99%/{p99=$2} /Requests\/sec/{print m, "window", w, $2, p50, p99 bad}' "$out" | tee -a "$out"
