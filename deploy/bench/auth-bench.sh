#!/usr/bin/env bash
# What authentication and the rate limiter cost the hot check path: HTTP checks/s (wrk -t2 -c64, the
# peers' document workload, deploy/bench/mixed-castellan.lua) with an API key and with a JWT (RS256,
# a key configured as base64 DER), and, on the same data, with authentication off; twice, alternating
# (on, off, on, off), since this machine drifts between minutes; with authentication on, API-key and
# JWT windows alternate. One node on 127.0.0.1 (deploy/run-local.sh), a 60 s warm-up per node start,
# six 10 s windows per node. Rate limits are set high
# enough never to refuse, so the limiter runs without limiting. Bounded: about 10 minutes.
# Results: docs/benchmarks/auth-checks.txt. Needs wrk and openssl.
set -u
# one operator key for the nodes this script starts and the requests it sends
export CASTELLAN_OPERATOR_KEY="${CASTELLAN_OPERATOR_KEY:-bench-$(date +%s%N)}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
out=docs/benchmarks/auth-checks.txt
data=$(mktemp -d)
export CASTELLAN_DATA=$data
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$data/jwt.key" 2>/dev/null
openssl pkey -in "$data/jwt.key" -pubout -out "$data/jwt.pub"
header=$(printf '{"alg":"RS256","typ":"JWT","kid":"bench"}' | b64url)
payload=$(printf '{"iss":"https://bench.local","aud":"castellan","sub":"bench-user","exp":%d}' $(( $(date +%s) + 7200 )) | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$data/jwt.key" -binary | b64url)
jwt="$header.$payload.$signature"

node_pid=""
start_node() { # extra JVM options
  JAVA_OPTS="-Xms1g -Xmx4g $1 \
    -Dcastellan.auth.rate-limits.read.per-second=1000000000 -Dcastellan.auth.rate-limits.read.burst=1000000000 \
    -Dcastellan.auth.jwt.issuer=https://bench.local -Dcastellan.auth.jwt.audiences.0=castellan" \
    deploy/run-local.sh > "$data/node.log" 2>&1 &
  node_pid=$!
  for _ in $(seq 1 300); do grep -q "Castellan ready" "$data/node.log" && return 0; sleep 0.5; done
  echo "the node did not start" >&2; tail -20 "$data/node.log" >&2; exit 1
}
stop_node() { kill "$node_pid"; wait "$node_pid" 2>/dev/null; sleep 3; }
window() { # name, credential (empty: none)
  echo "== $1" | tee -a "$out"
  CASTELLAN_TOKEN="$2" wrk -t2 -c64 -d10s --latency -s deploy/bench/mixed-castellan.lua http://127.0.0.1:8080 \
    | grep -E "Requests/sec|99%|Non-2xx" | tee -a "$out"
}

echo "# $(date -u +%FT%TZ) $(nproc) cores; wrk -t2 -c64 -d10s, deploy/bench/mixed-castellan.lua" > "$out"
# the public key as its base64 DER, without the PEM lines (JAVA_OPTS is split at spaces)
auth_on="-Dcastellan.auth.jwt.public-keys.0=$(grep -v -- ----- "$data/jwt.pub" | tr -d '\n')"
start_node "$auth_on"
CASTELLAN_TOKEN=$CASTELLAN_OPERATOR_KEY python3 deploy/bench/load-workload.py > /dev/null
OP="Authorization: Bearer $CASTELLAN_OPERATOR_KEY"
curl -sf -H "$OP" -X POST localhost:8080/v1/orgs/bench/write \
  -d '{"writes": {"tuple_keys": [{"object": "organization:bench", "relation": "member", "user": "user:bench-user"}]}}' > /dev/null
key=$(curl -sf -H "$OP" -X POST localhost:8080/v1/orgs/bench/keys -d '{"scopes": ["read"]}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
for round in 1 2; do
  [[ $round == 1 ]] || start_node "$auth_on"
  CASTELLAN_TOKEN=$key wrk -t2 -c64 -d60s -s deploy/bench/mixed-castellan.lua http://127.0.0.1:8080 > /dev/null
  for w in 1 2 3; do # alternated, so that neither profits from coming later after the warm-up
    window api-key "$key"
    window jwt "$jwt"
  done
  stop_node
  start_node "-Dcastellan.auth.enabled=false"
  wrk -t2 -c64 -d60s -s deploy/bench/mixed-castellan.lua http://127.0.0.1:8080 > /dev/null
  for w in 1 2 3 4 5 6; do
    window off ""
  done
  stop_node
done
rm -rf "$data"
