#!/usr/bin/env bash
# Castellan's JWT authentication against a real identity provider, end to end: starts Keycloak
# (deploy/auth/keycloak.sh), creates a realm with a client whose tokens carry the audience and a
# `groups` claim, a group `admins` with alice in it and bob outside it; starts a Castellan node
# (deploy/run-local.sh) that verifies tokens with the realm's JWKS; gives the group `admins` the admin
# role of an organization; then checks, with tokens Keycloak issues, that alice may write and read and
# that bob is told the organization does not exist. Prints PASS or FAIL per step; exits non-zero on a
# failure. Bounded (about 2 minutes after Keycloak's first install). Uses ports 18080, 8080, 8558, 9042.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
kc=http://127.0.0.1:${KC_PORT:-18080}
data=$(mktemp -d)
export CASTELLAN_DATA=$data
export CASTELLAN_OPERATOR_KEY="e2e-$(date +%s%N)"
failures=0
kc_pid=""
node_pid=""
cleanup() {
  [[ -n "$node_pid" ]] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null
  [[ -n "$kc_pid" ]] && kill "$kc_pid" 2>/dev/null
  rm -rf "$data"
}
trap cleanup EXIT

step() { # name, expected status, actual status
  if [[ "$2" == "$3" ]]; then echo "PASS $1 ($3)"; else echo "FAIL $1: expected $2, got $3"; failures=$((failures + 1)); fi
}

kc_pid=$(deploy/auth/keycloak.sh) || exit 1
admin=$(curl -sf -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
  "$kc/realms/master/protocol/openid-connect/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
A="Authorization: Bearer $admin"
curl -sf -H "$A" -H 'Content-Type: application/json' "$kc/admin/realms" -d @- <<'JSON'
{"realm": "castellan", "enabled": true,
 "groups": [{"name": "admins"}],
 "users": [
   {"username": "alice", "enabled": true, "email": "alice@example.org", "firstName": "Alice", "lastName": "A",
    "emailVerified": true, "groups": ["/admins"], "credentials": [{"type": "password", "value": "alice", "temporary": false}]},
   {"username": "bob", "enabled": true, "email": "bob@example.org", "firstName": "Bob", "lastName": "B",
    "emailVerified": true, "credentials": [{"type": "password", "value": "bob", "temporary": false}]}],
 "clients": [{"clientId": "castellan-cli", "publicClient": true, "directAccessGrantsEnabled": true,
   "protocolMappers": [
     {"name": "groups", "protocol": "openid-connect", "protocolMapper": "oidc-group-membership-mapper",
      "config": {"claim.name": "groups", "full.path": "false", "access.token.claim": "true"}},
     {"name": "audience", "protocol": "openid-connect", "protocolMapper": "oidc-audience-mapper",
      "config": {"included.custom.audience": "castellan", "access.token.claim": "true"}},
     {"name": "username", "protocol": "openid-connect", "protocolMapper": "oidc-usermodel-property-mapper",
      "config": {"user.attribute": "username", "claim.name": "preferred_username", "jsonType.label": "String", "access.token.claim": "true"}}]}]}
JSON
token() {
  curl -sf -d grant_type=password -d client_id=castellan-cli -d "username=$1" -d "password=$1" -d scope=openid \
    "$kc/realms/castellan/protocol/openid-connect/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

JAVA_OPTS="-Xms512m -Xmx2g -Dcastellan.auth.jwt.jwks-url=$kc/realms/castellan/protocol/openid-connect/certs \
  -Dcastellan.auth.jwt.issuer=$kc/realms/castellan -Dcastellan.auth.jwt.audiences.0=castellan \
  -Dcastellan.auth.jwt.subject-claim=preferred_username" \
  deploy/run-local.sh > "$data/node.log" 2>&1 &
node_pid=$!
for _ in $(seq 1 300); do grep -q "Castellan ready" "$data/node.log" && break; sleep 0.5; done
grep -q "Castellan ready" "$data/node.log" || { echo "FAIL the node did not start"; tail -20 "$data/node.log"; exit 1; }

OP="Authorization: Bearer $CASTELLAN_OPERATOR_KEY"
call() { # credential header, method, path, [body]: prints the status
  curl -s -o /dev/null -w '%{http_code}' -H "$1" -H 'Content-Type: application/json' -X "$2" "http://127.0.0.1:8080$3" ${4:+-d "$4"}
}
step "operator creates acme" 201 "$(call "$OP" PUT /v1/orgs/acme '{}')"
step "operator writes its model" 201 "$(call "$OP" POST /v1/orgs/acme/models '{"dsl": "model\n  schema 1.1\ntype user\ntype group\n  relations\n    define member: [user]\ntype organization\n  relations\n    define admin: [user, group#member]\n    define member: [user] or admin\ntype document\n  relations\n    define viewer: [user]\n"}')"
step "operator makes the group admins the admin" 200 "$(call "$OP" POST /v1/orgs/acme/write '{"writes": {"tuple_keys": [{"object": "organization:acme", "relation": "admin", "user": "group:admins#member"}]}}')"
alice=$(token alice); bob=$(token bob)
step "alice (group admins) writes a tuple" 200 "$(call "Authorization: Bearer $alice" POST /v1/orgs/acme/write '{"writes": {"tuple_keys": [{"object": "document:1", "relation": "viewer", "user": "user:carol"}]}}')"
step "alice checks" 200 "$(call "Authorization: Bearer $alice" POST /v1/orgs/acme/check '{"tuple_key": {"object": "document:1", "relation": "viewer", "user": "user:carol"}}')"
step "bob (no group) is told acme does not exist" 404 "$(call "Authorization: Bearer $bob" POST /v1/orgs/acme/check '{"tuple_key": {"object": "document:1", "relation": "viewer", "user": "user:carol"}}')"
step "a tampered token is refused" 401 "$(call "Authorization: Bearer ${alice%?}x" POST /v1/orgs/acme/check '{}')"
step "no token is refused" 401 "$(call "X-None: 1" GET /v1/orgs/acme)"
echo "$failures failure(s)"
exit $((failures > 0))
