#!/usr/bin/env bash
# Stop a Cassandra started by start.sh: SIGTERM (Cassandra drains: flushes memtables, stops
# transports), wait up to 60 s, then SIGKILL as a last resort.
#
#   deploy/cassandra/stop.sh <pid>
#   deploy/cassandra/stop.sh <data-dir>     (reads <data-dir>/cassandra.pid)
#
# Exit 0 when the process is gone (or was not running), 1 if it had to be killed, 2 on bad usage.
set -euo pipefail

# shellcheck source=process.sh
source "$(dirname "${BASH_SOURCE[0]}")/process.sh"

[[ $# -eq 1 ]] || { echo "usage: $0 <pid|data-dir>" >&2; exit 2; }
PID_FILE=""
if [[ "$1" =~ ^[0-9]+$ ]]; then
  PID="$1"
elif [[ -f "$1/cassandra.pid" ]]; then
  PID_FILE="$1/cassandra.pid"
  PID="$(cat "$PID_FILE")"
else
  echo "not a pid and no $1/cassandra.pid" >&2; exit 2
fi
TIMEOUT="${CASSANDRA_STOP_TIMEOUT:-60}"

if ! alive "$PID"; then
  echo "process $PID is not running" >&2
  [[ -n "$PID_FILE" ]] && rm -f "$PID_FILE"
  exit 0
fi
# Refuse to signal a recycled PID that is not our launcher.
if [[ -r "/proc/$PID/cmdline" ]] && ! tr '\0' ' ' <"/proc/$PID/cmdline" | grep -q 'io.castellan.deploy.LocalCassandra'; then
  echo "process $PID is not io.castellan.deploy.LocalCassandra; not stopping it" >&2
  exit 2
fi

kill -TERM "$PID"
for ((i = 0; i < TIMEOUT * 5; i++)); do
  if ! alive "$PID"; then
    echo "Cassandra (pid $PID) stopped after $((i / 5)) s" >&2
    [[ -n "$PID_FILE" ]] && rm -f "$PID_FILE"
    exit 0
  fi
  sleep 0.2
done
echo "Cassandra (pid $PID) still running after $TIMEOUT s; sending SIGKILL" >&2
kill -KILL "$PID" 2>/dev/null || true
[[ -n "$PID_FILE" ]] && rm -f "$PID_FILE"
exit 1
