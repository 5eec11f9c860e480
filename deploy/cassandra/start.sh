#!/usr/bin/env bash
# Start a local single-node Cassandra 5.0 in the background (its own JVM, its own classpath).
#
#   deploy/cassandra/start.sh <data-dir> [cql-port]
#
# stdout: the PID only (so PID=$(deploy/cassandra/start.sh /tmp/cass) works); progress goes to stderr.
# Output of Cassandra: <data-dir>/cassandra.log. PID also in <data-dir>/cassandra.pid.
# Stop with: deploy/cassandra/stop.sh <pid>     (or stop.sh <data-dir>)
#
# Environment (optional):
#   JAVA                    java binary (default: $JAVA_HOME/bin/java, else java on PATH; JDK 17)
#   CASSANDRA_HEAP          max heap, default 1g (-Xms is 512m)
#   CASSANDRA_STORAGE_PORT  inter-node port, default 7000 (set it when running several instances)
#   CASSANDRA_CLUSTER_NAME  default castellan-local
#   CASSANDRA_START_TIMEOUT seconds to wait for the READY line, default 90
#   CASSANDRA_COMMITLOG_SYNC batch (default: fsync before acknowledging), group (the same, 2 ms
#                           window), or periodic (acknowledges before the fsync: a crash loses
#                           acknowledged writes)
set -euo pipefail

# shellcheck source=process.sh
source "$(dirname "${BASH_SOURCE[0]}")/process.sh"

usage() { echo "usage: $0 <data-dir> [cql-port]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 ]] || usage

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DATA_DIR="$1"
CQL_PORT="${2:-9042}"
STORAGE_PORT="${CASSANDRA_STORAGE_PORT:-7000}"
CLUSTER_NAME="${CASSANDRA_CLUSTER_NAME:-castellan-local}"
HEAP="${CASSANDRA_HEAP:-1g}"
TIMEOUT="${CASSANDRA_START_TIMEOUT:-90}"
COMMITLOG_SYNC="${CASSANDRA_COMMITLOG_SYNC:-batch}"
if [[ -n "${JAVA:-}" ]]; then :; elif [[ -n "${JAVA_HOME:-}" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi

[[ "$CQL_PORT" =~ ^[0-9]+$ ]] || { echo "cql-port must be a number, got '$CQL_PORT'" >&2; exit 2; }

CP_FILE="$HERE/target/cassandra.classpath"
MAIN_CLASS_FILE="$HERE/target/classes/io/castellan/deploy/LocalCassandra.class"

# Build the launcher module when its classpath file or classes are missing, or when pom/sources
# changed since start.sh last built it (Maven leaves unchanged outputs untouched, so a stamp file
# of our own records the last build).
STAMP="$HERE/target/.start-sh-build"
needs_build() {
  [[ ! -s "$CP_FILE" || ! -f "$MAIN_CLASS_FILE" ]] && return 0
  [[ ! -f "$STAMP" ]] && return 0
  [[ -n "$(find "$HERE/pom.xml" "$HERE/src" -newer "$STAMP" -type f -print -quit)" ]] && return 0
  return 1
}
if needs_build; then
  echo "building deploy/cassandra (classpath file or classes missing or stale)..." >&2
  (cd "$ROOT" && mvn -q -f deploy/cassandra/pom.xml -DskipTests package) >&2
  touch "$STAMP"
fi
[[ -s "$CP_FILE" ]] || { echo "no $CP_FILE after the build" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$CQL_PORT" "$STORAGE_PORT"; do
  if port_in_use "$p"; then echo "port $p on 127.0.0.1 is already in use" >&2; exit 1; fi
done

mkdir -p "$DATA_DIR"
DATA_DIR="$(cd "$DATA_DIR" && pwd)"
LOG="$DATA_DIR/cassandra.log"
PID_FILE="$DATA_DIR/cassandra.pid"

# Keep the previous run's log, and start from an empty one BEFORE launching: the READY check
# below must never see an old READY line.
[[ -f "$LOG" ]] && mv -f "$LOG" "$LOG.previous"
: >"$LOG"

# The launch command (documented in README.md; JVM flags live only in jvm17.options).
nohup "$JAVA" "@$HERE/jvm17.options" -Xms512m "-Xmx$HEAP" \
  -cp "$(cat "$CP_FILE")" \
  io.castellan.deploy.LocalCassandra \
  --dir "$DATA_DIR" --cql-port "$CQL_PORT" --storage-port "$STORAGE_PORT" --cluster-name "$CLUSTER_NAME" \
  --commitlog-sync "$COMMITLOG_SYNC" \
  </dev/null >>"$LOG" 2>&1 &
PID=$!
echo "$PID" >"$PID_FILE"
echo "Cassandra starting: pid $PID, cql 127.0.0.1:$CQL_PORT, data $DATA_DIR, log $LOG" >&2

fail() {
  echo "Cassandra did not start: $1" >&2
  echo "---- last lines of $LOG ----" >&2
  tail -n 40 "$LOG" >&2 || true
  exit 1
}

START=$SECONDS
while true; do
  if grep -q "^CASSANDRA READY $CQL_PORT\$" "$LOG" 2>/dev/null; then
    echo "Cassandra ready on 127.0.0.1:$CQL_PORT after $((SECONDS - START)) s (pid $PID)" >&2
    echo "$PID"
    exit 0
  fi
  if ! alive "$PID"; then
    wait "$PID" 2>/dev/null && rc=0 || rc=$?
    rm -f "$PID_FILE"
    fail "process $PID exited (code $rc)"
  fi
  if (( SECONDS - START >= TIMEOUT )); then
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 30); do alive "$PID" || break; sleep 1; done
    kill -KILL "$PID" 2>/dev/null || true
    rm -f "$PID_FILE"
    fail "no READY line within $TIMEOUT s (process $PID stopped)"
  fi
  sleep 0.5
done
