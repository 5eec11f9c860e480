#!/usr/bin/env bash
# Watch and decision-log benchmarks on one node on 127.0.0.1 (deploy/run-local.sh, fresh data):
#  1. watch delivery: write acknowledgement to the change at the client, p50/p99, with 1 and with
#     1,000 WebSocket subscribers on one organization at 500 (and 100, 200) writes/s for 20 s
#     (WatchBench.java: the clients run on the same machine; the JDK's WebSocket client, and for
#     1,000 subscribers also raw clients read by one thread);
#  2. decision-log overhead: check throughput (wrk, the peers' mixed workload, half denied) with the
#     organization's mode off and denied, pairs of 10 s windows (WINDOWS pairs, default 5);
#  3. catch-up: an organization gets one-tuple writes for WRITE_SECONDS (default 60; about 4,000
#     events/s here, so 330 s for 1.35M events), then one subscriber replays it from the first
#     revision (CATCHUP=0 skips this part).
# OUT names the results file, NODE_OPTS adds JVM options to the node's. DELIVERY=0 skips part 1
# (the decision-log part then warms up for 60 s instead of 30 s).
# Bounded: about 5 minutes plus WRITE_SECONDS. Results: $OUT (docs/benchmarks/watch.txt). Needs wrk.
set -u
export CASTELLAN_OPERATOR_KEY="${CASTELLAN_OPERATOR_KEY:-bench-$(date +%s%N)}"
export CASTELLAN_TOKEN="${CASTELLAN_TOKEN:-$CASTELLAN_OPERATOR_KEY}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
out=${OUT:-docs/benchmarks/watch.txt}
data=$(mktemp -d)
# the watch rate limit (20 subscriptions/s per caller) would take a minute to open 1,000
CASTELLAN_DATA=$data JAVA_OPTS="-Xms1g -Xmx4g -Dcastellan.auth.rate-limits.watch.per-second=5000 -Dcastellan.auth.rate-limits.watch.burst=5000 ${NODE_OPTS:-}" \
  deploy/run-local.sh > "$data/node.log" 2>&1 &
node=$!
for _ in $(seq 1 300); do grep -q "Castellan ready" "$data/node.log" && break; sleep 0.5; done
OP="Authorization: Bearer $CASTELLAN_OPERATOR_KEY"
base=http://127.0.0.1:8080
create() {
  curl -sf -H "$OP" -X PUT $base/v1/orgs/$1 -d '{}' > /dev/null
  curl -sf -H "$OP" -X POST $base/v1/orgs/$1/models \
    -d '{"dsl": "model\n  schema 1.1\ntype user\ntype document\n  relations\n    define viewer: [user]\n"}' > /dev/null
}
bench() { java -Xmx4g deploy/bench/WatchBench.java "$@"; }
{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, one node; client and server on the same machine"
  create live
  if [ "${DELIVERY:-1}" != 0 ]; then
    # warm-up (JIT, connections), not reported
    bench delivery $base live 100 200 15 > /dev/null
    bench delivery $base live 1 500 20
    bench delivery $base live 1000 100 20
    # the same with raw clients (WatchBench.RawSubscribers), which leave the server more of the
    # machine than the JDK's client does
    bench delivery-nio $base live 1000 100 20
    bench delivery-nio $base live 1000 200 20
    bench delivery-nio $base live 1000 500 20
  fi
  # decision log: the peers' workload in organization "bench". The warm-up runs both modes (each
  # mode's code is compiled before it is measured); then pairs of windows, the pair's order
  # alternating so that the machine's drift during a pair counts against each mode as often
  python3 deploy/bench/load-workload.py $base > /dev/null
  decision_mode() {
    curl -sf -H "$OP" -X PUT $base/v1/orgs/bench/decision-log -d "{\"mode\": \"$1\"}" > /dev/null
  }
  checks_per_second() {
    wrk -t2 -c64 -d"$1" -s deploy/bench/mixed-castellan.lua $base | awk '/Requests\/sec/ {print $2}'
  }
  # CPU used by the node and by Cassandra during a window (ticks of /proc/<pid>/stat)
  node_java=$(pgrep -P "$node" -f io.castellan.server.Main)
  cassandra_java=$(cat "$data/cassandra/cassandra.pid")
  cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
  for mode in off denied off denied; do
    decision_mode $mode
    checks_per_second "$([ "${DELIVERY:-1}" = 0 ] && echo 20 || echo 10)s" > /dev/null
  done
  # half the checks an edit (about 45% denied), then one in 20 (about 5% denied)
  for every in 2 20; do
    for w in $(seq 1 "${WINDOWS:-5}"); do
      order="off denied"
      [ $((w % 2)) = 0 ] && order="denied off"
      for mode in $order; do
        decision_mode $mode
        node_cpu=$(cpu_ticks "$node_java"); cassandra_cpu=$(cpu_ticks "$cassandra_java")
        rps=$(EDIT_EVERY=$every checks_per_second 10s)
        node_cpu=$(( $(cpu_ticks "$node_java") - node_cpu ))
        cassandra_cpu=$(( $(cpu_ticks "$cassandra_java") - cassandra_cpu ))
        echo "decision log $mode, 1 check in $every an edit, window $w: $rps checks/s" \
          "(CPU ticks of 100/s: node $node_cpu, Cassandra $cassandra_cpu)"
      done
    done
  done
  kept=$(curl -s -H "$OP" -H "Accept: application/x-ndjson" "$base/v1/orgs/bench/audit?kind=decisions" | wc -l)
  echo "decisions kept (denied windows): $kept; dropped: $(curl -s -H "$OP" $base/metrics | awk '/^castellan_decisions_dropped_total/ {print $2}')"
  # catch-up (CATCHUP=0 skips it)
  [ "${CATCHUP:-1}" = 0 ] && exit 0
  create history
  ORG=history RUN_ID=cu wrk -t2 -c64 -d"${WRITE_SECONDS:-60}s" -s deploy/bench/writes.lua $base > /dev/null
  bench catchup $base history 300
} 2>&1 | tee "$out"
kill $node; wait $node 2>/dev/null
rm -rf "$data"
