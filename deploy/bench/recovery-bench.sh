#!/usr/bin/env bash
# Recovery time of a large organization: loads N tuples (default 1,000,000) into a fresh local
# node, restarts the node, and times the first check on that organization (journal replay from the
# latest snapshot). Bounded by the load itself (a few minutes). Results: docs/benchmarks/recovery.txt
set -euo pipefail
# one operator key for the nodes this script starts and the requests it sends
export CASTELLAN_OPERATOR_KEY="${CASTELLAN_OPERATOR_KEY:-bench-$(date +%s%N)}"
export CASTELLAN_TOKEN="${CASTELLAN_TOKEN:-$CASTELLAN_OPERATOR_KEY}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
tuples="${1:-1000000}"
out="$root/docs/benchmarks"; mkdir -p "$out"
data="$root/var/recovery"; rm -rf "$data"
export CASTELLAN_DATA="$data"
log="$out/recovery-node.log"

start_node() {
  deploy/run-local.sh >"$log" 2>&1 &
  runner=$!
  for _ in $(seq 1 300); do grep -q "Castellan ready" "$log" && return 0; sleep 0.5; done
  cat "$log" >&2; return 1
}
stop_node() { kill "$runner"; wait "$runner" || true; }
trap 'kill $runner 2>/dev/null || true' EXIT

start_node
python3 deploy/bench/load-tuples.py http://127.0.0.1:8080 big "$tuples" | tee "$out/recovery.txt"
stop_node
start_node
begin=$(date +%s.%N)
# the first request wakes the organization; while it recovers, requests may answer 503 (try again)
for _ in $(seq 1 240); do
  answer=$(curl -s -m 30 -H "Authorization: Bearer $CASTELLAN_OPERATOR_KEY" -X POST http://127.0.0.1:8080/v1/orgs/big/check -H 'Content-Type: application/json' \
    -d '{"tuple_key":{"object":"project:p0","relation":"viewer","user":"user:u2"}}')
  echo "$answer" | grep -q '"allowed"' && break
  sleep 0.25
done
seconds=$(echo "$(date +%s.%N) - $begin" | bc)
echo "first check answered after restart ($tuples tuples): $answer after $seconds s (recovery: snapshot + journal replay)" | tee -a "$out/recovery.txt"
grep -i "snapshot" "$log" | tail -3 || true
stop_node
