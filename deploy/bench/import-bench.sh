#!/usr/bin/env bash
# castellan import of TUPLES (default 1,000,000) tuples into one organization: tuples per second,
# and the peak memory (resident set) of the CLI process and of the node. One node on 127.0.0.1
# (deploy/run-local.sh, its own Cassandra and data directory), the CLI's default 8 batches of 100
# in flight. Then the same tuples exported, timed. CASTELLAN_CLI_JAVA_OPTS=-Xmx64m shows the CLI's
# memory does not grow with the file. Results: docs/benchmarks/import.txt.
# Bounded: the import and export of TUPLES tuples, plus about a minute to start.
set -u
export CASTELLAN_OPERATOR_KEY="${CASTELLAN_OPERATOR_KEY:-bench-$(date +%s%N)}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
tuples="${TUPLES:-1000000}"
out=docs/benchmarks/import.txt
data=$(mktemp -d)
mvn -q -B -DskipTests -pl service/cli -am package >&2
CASTELLAN_DATA=$data deploy/run-local.sh > "$data/node.log" 2>&1 &
runner=$!
for _ in $(seq 1 300); do grep -q "Castellan ready" "$data/node.log" && break; sleep 0.5; done
node=$(pgrep -P "$runner" java | head -1)
cli() { java ${CASTELLAN_CLI_JAVA_OPTS:-} -jar service/cli/target/castellan-cli.jar \
  --server http://127.0.0.1:8080 --token "$CASTELLAN_OPERATOR_KEY" --org imports "$@"; }
cli orgs create imports --blank > /dev/null
printf 'model\n  schema 1.1\ntype user\ntype document\n  relations\n    define viewer: [user]\n' > "$data/model.fga"
cli model write "$data/model.fga" > /dev/null
awk -v n="$tuples" 'BEGIN { for (i = 1; i <= n; i++)
  printf "{\"user\":\"user:u%d\",\"relation\":\"viewer\",\"object\":\"document:d%d\"}\n", i, i % 50000 }' \
  > "$data/tuples.jsonl"
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$data/cli-rss" java ${CASTELLAN_CLI_JAVA_OPTS:-} -jar service/cli/target/castellan-cli.jar \
  --server http://127.0.0.1:8080 --token "$CASTELLAN_OPERATOR_KEY" --org imports import "$data/tuples.jsonl" > "$data/import.out"
end=$(date +%s.%N)
start_export=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$data/export-rss" java ${CASTELLAN_CLI_JAVA_OPTS:-} -jar service/cli/target/castellan-cli.jar \
  --server http://127.0.0.1:8080 --token "$CASTELLAN_OPERATOR_KEY" --org imports export "$data/exported.jsonl" \
  > /dev/null 2> "$data/export.err"
end_export=$(date +%s.%N)
{
  echo "# $(date -u +%FT%TZ) $(nproc) cores; castellan import of $tuples tuples (JSON lines, 8 batches of 100 in flight)"
  echo "import: $(cat "$data/import.out")"
  python3 -c "print('import: %.1f s, %.0f tuples/s' % ($end - $start, $tuples / ($end - $start)))"
  echo "CLI peak resident memory: $(( $(cat "$data/cli-rss") / 1024 )) MiB"
  echo "node peak resident memory: $(( $(awk '/VmHWM/ {print $2}' /proc/$node/status) / 1024 )) MiB (JVM -Xmx4g)"
  echo "exported back: $(wc -l < "$data/exported.jsonl") tuples $(cat "$data/export.err")"
  python3 - "$data/tuples.jsonl" "$data/exported.jsonl" <<'PY'
import json, sys
def keys(path):
    with open(path) as f:
        return {(t["user"], t["relation"], t["object"]) for t in map(json.loads, f)}
print("exported tuples equal the imported ones:", keys(sys.argv[1]) == keys(sys.argv[2]))
PY
  echo "CLI peak resident memory (export): $(( $(tail -1 "$data/export-rss") / 1024 )) MiB"
  python3 -c "print('export: %.1f s, %.0f tuples/s' % ($end_export - $start_export, $tuples / ($end_export - $start_export)))"
} | tee "$out"
kill "$runner"; wait "$runner" 2>/dev/null
rm -rf "$data"
