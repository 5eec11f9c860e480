#!/usr/bin/env bash
# Many organizations on one node: memory per active and per idle (passivated) 100-tuple
# organization, and the time to a cold one's first answer. One node on 127.0.0.1
# (deploy/run-local.sh, heap fixed at 2 GiB so that the numbers compare), passivate-after 60 s:
#   1. heap used after a full GC, with no organization;
#   2. ORGS (default 10,000) organizations created, each with a model and 100 tuples in one write;
#   3. heap after a GC with the last ACTIVE (default 1,000) of them in memory, read just before;
#   4. all passivated (idle 60 s + the check's period): heap after a GC;
#   5. checks of 20 cold organizations, each timed (the first answer after passivation).
# Bounded: about 4 minutes plus the load. Results: docs/benchmarks/passivation.txt.
set -u
export CASTELLAN_OPERATOR_KEY="${CASTELLAN_OPERATOR_KEY:-bench-$(date +%s%N)}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
orgs="${ORGS:-10000}"
active="${ACTIVE:-1000}"
out=docs/benchmarks/passivation.txt
data=$(mktemp -d)
CASTELLAN_DATA=$data CASTELLAN_PASSIVATE_AFTER=60s \
  JAVA_OPTS="-Xms2g -Xmx2g -Dcastellan.auth.rate-limits.admin.per-second=100000 -Dcastellan.auth.rate-limits.admin.burst=100000" \
  deploy/run-local.sh > "$data/node.log" 2>&1 &
runner=$!
for _ in $(seq 1 300); do grep -q "Castellan ready" "$data/node.log" && break; sleep 0.5; done
node=$(pgrep -P "$runner" java | head -1)
OP="Authorization: Bearer $CASTELLAN_OPERATOR_KEY"
heap() { # MiB used after a full GC
  jcmd "$node" GC.run > /dev/null; sleep 2; jcmd "$node" GC.run > /dev/null; sleep 1
  jcmd "$node" GC.heap_info | awk '/used/ && /total/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub("K", "", v); print int(v / 1024); exit } }'
}
hosted() {
  curl -s -H "$OP" localhost:8080/metrics | awk '/^castellan_organizations_hosted/ { print int($2) }'
}
check() { # seconds for one check of organization $1
  curl -s -o /dev/null -w "%{time_total}" -H "$OP" -X POST "localhost:8080/v1/orgs/$1/check" \
    -d '{"tuple_key": {"object": "document:1", "relation": "viewer", "user": "user:u1"}}'
}
empty=$(heap)
start=$(date +%s.%N)
python3 deploy/bench/many-orgs.py http://127.0.0.1:8080 bench "$orgs" 100 8
loaded=$(date +%s.%N)
for ((i = orgs - active; i < orgs; i++)); do check "bench$i" > /dev/null; done
with_active=$(heap)
active_hosted=$(hosted)
sleep 80
idle=$(heap)
idle_hosted=$(hosted)
cold=()
for i in $(seq 0 19); do cold+=("$(check "bench$((i * 7))")"); done
{
  echo "# $(date -u +%FT%TZ) $(nproc) cores; $orgs organizations of 100 tuples on one node (-Xmx2g), passivate-after 60 s"
  python3 -c "print('created: %.0f s (%.0f organizations/s: create, model, one write of 100 tuples)' % ($loaded - $start, $orgs / ($loaded - $start)))"
  echo "heap after GC, no organization: $empty MiB"
  echo "heap after GC, $active_hosted organizations in memory: $with_active MiB"
  echo "heap after GC, all passivated ($idle_hosted in memory): $idle MiB"
  python3 -c "print('per active organization: %.1f KiB; per idle organization: %.2f KiB' % (($with_active - $idle) * 1024 / max(1, $active_hosted - $idle_hosted), ($idle - $empty) * 1024 / $orgs))"
  printf '%s\n' "${cold[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "first answer of a cold organization (20): median %.0f ms, max %.0f ms\n", a[int((NR + 1) / 2)] * 1000, a[NR] * 1000 }'
} | tee "$out"
kill "$runner"; wait "$runner" 2>/dev/null
rm -rf "$data"
