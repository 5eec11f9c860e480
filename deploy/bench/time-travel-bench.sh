#!/usr/bin/env bash
# Time travel on a large history: an organization gets about 100,000 one-tuple writes (each its own
# event, deploy/bench/writes.lua for WRITE_SECONDS), then a check is timed live, at a past revision
# nobody asked before (replayed from the entity's snapshot nearest below it, every 10,000 events),
# at that revision again (kept), at the newest revision (the state at hand), one below it and at
# another revision nobody asked (from the nearest snapshot or checkpoint), at a time, and then at a
# revision in each stretch between snapshots not read yet. One node on 127.0.0.1 (deploy/run-local.sh). Bounded: about 2 minutes plus the writes.
# Results: docs/benchmarks/time-travel.txt. Needs wrk.
set -u
# one operator key for the nodes this script starts and the requests it sends
export CASTELLAN_OPERATOR_KEY="${CASTELLAN_OPERATOR_KEY:-bench-$(date +%s%N)}"
export CASTELLAN_TOKEN="${CASTELLAN_TOKEN:-$CASTELLAN_OPERATOR_KEY}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
out=docs/benchmarks/time-travel.txt
data=$(mktemp -d)
export CASTELLAN_DATA=$data
CASTELLAN_DATA=$data deploy/run-local.sh > "$data/node.log" 2>&1 &
node=$!
for _ in $(seq 1 300); do grep -q "Castellan ready" "$data/node.log" && break; sleep 0.5; done
OP="Authorization: Bearer $CASTELLAN_OPERATOR_KEY"
curl -sf -H "$OP" -X PUT localhost:8080/v1/orgs/bench -d '{"name": "bench"}' > /dev/null
curl -sf -H "$OP" -X POST localhost:8080/v1/orgs/bench/models \
  -d '{"dsl": "model\n  schema 1.1\ntype user\ntype document\n  relations\n    define viewer: [user]\n"}' > /dev/null
RUN_ID=tt wrk -t2 -c64 -d"${WRITE_SECONDS:-40}s" -s deploy/bench/writes.lua http://127.0.0.1:8080 > /dev/null
revision=$(curl -sf -H "$OP" localhost:8080/v1/orgs/bench | python3 -c 'import json,sys; print(json.load(sys.stdin)["revision"][1:])')
half=$((revision / 2))
time_at() { # label, extra JSON: prints seconds
  curl -s -o /dev/null -w "%{time_total}" -H "$OP" -X POST localhost:8080/v1/orgs/bench/check \
    -d "{\"tuple_key\": {\"object\": \"document:wtt_0_1\", \"relation\": \"viewer\", \"user\": \"user:u1\"}$1}"
}
{
  echo "# $(date -u +%FT%TZ) $(nproc) cores; organization with $revision events (one tuple each)"
  for i in 1 2 3; do time_at "" > /dev/null; done
  echo "live check: $(time_at "") s"
  echo "check at r$half, first time (from the snapshot below it, or replayed from the start): $(time_at ", \"at_revision\": \"r$half\"") s"
  echo "check at r$half, again: $(time_at ", \"at_revision\": \"r$half\"") s"
  echo "check at r$revision (newest: the state at hand, no rebuild): $(time_at ", \"at_revision\": \"r$revision\"") s"
  below=$((revision - 1))
  echo "check at r$below, first time (from the snapshot below it): $(time_at ", \"at_revision\": \"r$below\"") s"
  echo "check at r$below, again: $(time_at ", \"at_revision\": \"r$below\"") s"
  other=$((half + 12345))
  echo "check at r$other, never asked (replay from the nearest checkpoint): $(time_at ", \"at_revision\": \"r$other\"") s"
  at_time=$(date -u -d '1 second ago' +%FT%TZ)
  echo "check at a time 1 s ago, first time: $(time_at ", \"at_time\": \"$at_time\"") s"
  echo "check at that time, again: $(time_at ", \"at_time\": \"$at_time\"") s"
  # the reads above are the first this node (and Cassandra) make of the history's code paths,
  # compiled while they run; these are first reads at their revisions too, made afterwards
  every=10000
  unasked() { # one revision in each stretch between snapshots not read yet, $1 events above its snapshot
    for k in $(seq 1 $((revision / every - 1))); do
      r=$((k * every + $1))
      for asked in $half $below $other; do [ $((asked / every)) -eq $k ] && continue 2; done
      echo "  r$r: $(time_at ", \"at_revision\": \"r$r\"") s"
    done
  }
  echo "checks at revisions nobody asked, 2,500 events above a snapshot, after the reads above:"
  unasked 2500
  echo "checks at revisions nobody asked, 7,500 events above a snapshot:"
  unasked 7500
  echo "the node's own account of each rebuild:"
  grep -o "rebuilt .*" "$data/node.log" | sed 's/^/  /'
} | tee "$out"
kill $node; wait $node 2>/dev/null
rm -rf "$data"
