#!/usr/bin/env bash
# Installs Keycloak (org.keycloak:keycloak-quarkus-dist from Maven Central, 177 MB, once) and starts it
# in dev mode on 127.0.0.1:${KC_PORT:-18080}, a real OpenID Connect provider for trying Castellan's JWT
# authentication. Needs a JDK 21+ (JAVA21_HOME, default the Temurin 25 JDK). Prints the PID; `kill PID`
# stops it. Admin: admin/admin on the master realm.
#   KC_HOME (default ~/.cache/castellan/keycloak), KC_PORT (18080)
set -euo pipefail
version=26.7.3
home=${KC_HOME:-$HOME/.cache/castellan/keycloak}
port=${KC_PORT:-18080}
export JAVA_HOME=${JAVA21_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH=$JAVA_HOME/bin:$PATH
mkdir -p "$home"
if [[ ! -x "$home/keycloak-$version/bin/kc.sh" ]]; then
  echo "installing Keycloak $version into $home..." >&2
  (cd "$home" && mvn -B -q dependency:copy -Dartifact=org.keycloak:keycloak-quarkus-dist:$version:zip \
      -DoutputDirectory="$home" && unzip -q "keycloak-quarkus-dist-$version.zip") >&2
fi
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
  "$home/keycloak-$version/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$port" \
  --http-management-port=$((port + 920)) > "$home/keycloak.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/realms/master" && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.25
done
curl -sf -o /dev/null "http://127.0.0.1:$port/realms/master" \
  || { echo "Keycloak did not start; see $home/keycloak.log" >&2; kill $pid 2>/dev/null; exit 1; }
echo $pid
