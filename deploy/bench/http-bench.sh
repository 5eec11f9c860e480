#!/usr/bin/env bash
# HTTP benchmark, bounded in time (about 4 minutes of load): checks at 64 connections on the
# peers' document workload (1000 users x 1000 documents, mixed allow/deny) against
#   - Castellan (one node from deploy/run-local.sh, local Cassandra),
#   - Cerbos (../shared/peers/cerbos/start.sh, same questions as policies),
#   - Castellan's no-op endpoint (the HTTP layer alone),
# then one-tuple writes to one organization from 64 connections. All on 127.0.0.1.
# Results: docs/benchmarks/http-*.txt. Needs wrk (apt-get install wrk).
#
#   deploy/bench/http-bench.sh [peers-dir]
set -euo pipefail
# one operator key for the nodes this script starts and the requests it sends
export CASTELLAN_OPERATOR_KEY="${CASTELLAN_OPERATOR_KEY:-bench-$(date +%s%N)}"
export CASTELLAN_TOKEN="${CASTELLAN_TOKEN:-$CASTELLAN_OPERATOR_KEY}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
peers="${1:-$root/../shared/peers}"
out="$root/docs/benchmarks"
duration="${DURATION:-10s}"
windows="${WINDOWS:-3}"
[[ "$windows" =~ ^[1-9][0-9]*$ ]] || { echo "WINDOWS must be a positive number" >&2; exit 2; }
mkdir -p "$out"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

node_log="$out/http-node.log"
# every run starts from an empty Cassandra (earlier runs' write phases would grow the organization),
# unless CASTELLAN_DATA names a data folder of your own
if [[ -z "${CASTELLAN_DATA:-}" ]]; then
  if [[ -f "$root/var/bench/cassandra/cassandra.pid" ]] && kill -0 "$(cat "$root/var/bench/cassandra/cassandra.pid")" 2>/dev/null; then
    echo "a Cassandra from an earlier run still uses var/bench: deploy/cassandra/stop.sh var/bench/cassandra" >&2
    exit 1
  fi
  rm -rf "$root/var/bench"
fi
rm -f "$out"/http-gc.log*
# the node's GC log goes beside the results: pauses explain a run's tail
CASTELLAN_DATA="${CASTELLAN_DATA:-$root/var/bench}" \
  JAVA_OPTS="${JAVA_OPTS:--Xms1g -Xmx4g} -Xlog:gc:file=$out/http-gc.log::filecount=0" \
  deploy/run-local.sh >"$node_log" 2>&1 &
runner=$!
cerbos=""
cleanup() {
  [[ -n "$cerbos" ]] && kill "$cerbos" 2>/dev/null || true
  kill "$runner" 2>/dev/null || true
  wait "$runner" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 300); do
  grep -q "Castellan ready" "$node_log" 2>/dev/null && break
  kill -0 "$runner" 2>/dev/null || { cat "$node_log" >&2; exit 1; }
  sleep 0.5
done
grep "Castellan ready" "$node_log" || { echo "the node did not become ready:" >&2; tail -20 "$node_log" >&2; exit 1; }
python3 deploy/bench/load-workload.py http://127.0.0.1:8080

wrk_run() { # name, script, url, [windows]: consecutive measurement windows, one file
  : >"$out/http-$1.txt"
  for window in $(seq 1 "${4:-$windows}"); do
    echo "== $1, window $window" | tee -a "$out/http-$1.txt"
    wrk -t2 -c64 -d"$duration" --latency -s "$2" "$3" | tee -a "$out/http-$1.txt"
  done
}
# warm up the JIT on the check path, then measure: on 2 cores C2 spends about 40 s of CPU in the
# first minute, and until it is done the tail is several times longer
wrk -t2 -c64 -d"${WARMUP:-90s}" -s deploy/bench/mixed-castellan.lua http://127.0.0.1:8080 >/dev/null
wrk_run castellan-checks deploy/bench/mixed-castellan.lua http://127.0.0.1:8080
wrk -t2 -c64 -d3s -s deploy/bench/noop.lua http://127.0.0.1:8080/noop >/dev/null
wrk_run noop deploy/bench/noop.lua http://127.0.0.1:8080/noop
if [[ -x "$peers/cerbos/start.sh" ]]; then
  cerbos=$("$peers/cerbos/start.sh")
  wrk -t2 -c64 -d3s -s "$peers/cerbos/mixed.lua" http://127.0.0.1:3592/api/check/resources >/dev/null
  wrk_run cerbos-checks "$peers/cerbos/mixed.lua" http://127.0.0.1:3592/api/check/resources
  kill "$cerbos" 2>/dev/null || true; cerbos=""
else
  echo "no Cerbos at $peers/cerbos/start.sh: skipped" | tee "$out/http-cerbos-checks.txt"
fi
RUN_ID=warm$(date +%s) wrk -t2 -c64 -d5s -s deploy/bench/writes.lua http://127.0.0.1:8080 >/dev/null
before=$(curl -sf -H "Authorization: Bearer $CASTELLAN_OPERATOR_KEY" localhost:8080/v1/orgs/bench)
RUN_ID=$(date +%s) wrk_run castellan-writes deploy/bench/writes.lua http://127.0.0.1:8080 1
# how many writes each journal write carried during the measured window (the organization's own
# counts, since it started, before and after)
curl -sf -H "Authorization: Bearer $CASTELLAN_OPERATOR_KEY" localhost:8080/v1/orgs/bench | python3 -c 'import json,sys; a=json.loads(sys.argv[1])["group_commit"];
b=json.load(sys.stdin)["group_commit"]; w=b["writes"]-a["writes"]; j=b["journal_writes"]-a["journal_writes"];
print("== group commit: %d writes in %d journal writes, %.1f per journal write" % (w, j, w / max(1, j)))' "$before" \
  | tee -a "$out/http-castellan-writes.txt"

echo "== summary (requests/s, p50, p99 per window)"
for name in castellan-checks noop cerbos-checks castellan-writes; do
  awk -v name="$name" '/^== /{w=$NF; bad=""} /Non-2xx|Socket errors/{bad=bad " [" $0 "]"}
    / 50%/{p50=$2} / 99%/{p99=$2} /Requests\/sec/{print name, "window", w, $2, p50, p99 bad}' \
    "$out/http-$name.txt"
done
