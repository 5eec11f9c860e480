#!/usr/bin/env bash
# HTTP check throughput of the checkout in DIR, for before/after comparisons of one change: a node
# from its deploy/run-local.sh on a fresh data folder, the peers' document workload, a 60 s warm-up,
# then 3 windows of 10 s (wrk -t2 -c64, deploy/bench/mixed-castellan.lua). Bounded: about 3 minutes.
# Run it for the two checkouts alternately (before, after, before, after) on an idle machine.
#
#   deploy/bench/check-before-after.sh DIR NAME
set -u
# one operator key for the nodes this script starts and the requests it sends
export CASTELLAN_OPERATOR_KEY="${CASTELLAN_OPERATOR_KEY:-bench-$(date +%s%N)}"
export CASTELLAN_TOKEN="${CASTELLAN_TOKEN:-$CASTELLAN_OPERATOR_KEY}"
dir=$1; name=$2
cd "$dir"
data=$(mktemp -d)
CASTELLAN_DATA=$data deploy/run-local.sh > /tmp/cb-$name-node.log 2>&1 &
runner=$!
for _ in $(seq 1 300); do grep -q "Castellan ready" /tmp/cb-$name-node.log && break; sleep 0.5; done
python3 deploy/bench/load-workload.py http://127.0.0.1:8080 > /dev/null
wrk -t2 -c64 -d60s -s deploy/bench/mixed-castellan.lua http://127.0.0.1:8080 > /dev/null
for w in 1 2 3; do
  echo "== $name window $w"
  wrk -t2 -c64 -d10s --latency -s deploy/bench/mixed-castellan.lua http://127.0.0.1:8080 | grep -E "Requests/sec|99%|Non-2xx"
done
kill $runner; wait $runner 2>/dev/null
rm -rf "$data"
sleep 3
