# Shared by deploy/run-local.sh and deploy/run-cluster.sh (sourced, from the project root): the
# operator key, the build, the local Cassandra, and one node's JVM. Each function says what it sets.

# CASTELLAN_OPERATOR_KEY: as given, or generated once into $1/operator-key (readable by its owner).
castellan_operator_key() {
  local key_file="$1/operator-key"
  if [[ -z "${CASTELLAN_OPERATOR_KEY:-}" ]]; then
    if [[ ! -s "$key_file" ]]; then
      (umask 077 && head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > "$key_file")
      echo "generated an operator key in $key_file" >&2
    fi
    CASTELLAN_OPERATOR_KEY="$(cat "$key_file")"
  fi
  export CASTELLAN_OPERATOR_KEY
}

castellan_classpath_file="service/server/target/server.classpath"

# Builds the server and the Cassandra launcher when missing or older than their sources.
castellan_build() {
  local cp="$castellan_classpath_file"
  if [[ ! -s "$cp" || ! -s deploy/cassandra/target/cassandra.classpath \
      || -n "$(find pom.xml */pom.xml */*/pom.xml protocol/src cluster-config/src service/engine/src/main \
        service/server/src/main deploy/cassandra/src -newer "$cp" -type f -print -quit)" ]]; then
    echo "building (first run, or sources changed)..." >&2
    mvn -q -B -DskipTests -pl service/server,deploy/cassandra -am package >&2
    touch "$cp"
  fi
}

# castellan_contact_point: CASTELLAN_CASSANDRA_CONTACT_POINT, or a local Cassandra started with its
# data in $1/cassandra (castellan_cassandra_pid set: stop it with castellan_stop_cassandra).
castellan_cassandra_pid=""
castellan_start_cassandra() {
  castellan_contact_point="${CASTELLAN_CASSANDRA_CONTACT_POINT:-}"
  if [[ -z "$castellan_contact_point" ]]; then
    echo "starting Cassandra (data in $1/cassandra, log in $1/cassandra/cassandra.log)..." >&2
    castellan_cassandra_pid=$(deploy/cassandra/start.sh "$1/cassandra" 9042)
    castellan_contact_point="127.0.0.1:9042"
  fi
}

castellan_stop_cassandra() {
  if [[ -n "$castellan_cassandra_pid" ]]; then
    deploy/cassandra/stop.sh "$castellan_cassandra_pid" >&2 || true
  fi
}

# Starts a node in the background (castellan_node_pid set), with the extra JVM options given.
castellan_start_node() {
  # shellcheck disable=SC2086
  java ${JAVA_OPTS:--Xms1g -Xmx4g} -Dconfig.resource=local.conf \
    -Ddatastax-java-driver.basic.contact-points.0="$castellan_contact_point" "$@" \
    -cp "$(cat "$castellan_classpath_file"):service/server/target/classes" io.castellan.server.Main &
  castellan_node_pid=$!
}

# Waits until the node ($1: pid) serves HTTP on port $2 (it does once it can recover organizations
# from the journal); fails if it exits first.
castellan_await_http() {
  for _ in $(seq 1 600); do
    if curl -s -o /dev/null "http://127.0.0.1:$2/" 2>/dev/null; then
      return 0
    fi
    kill -0 "$1" 2>/dev/null || { echo "the node on port $2 exited during startup" >&2; return 1; }
    sleep 0.2
  done
  echo "the node on port $2 did not start within 2 minutes" >&2
  return 1
}

# Stops a node ($1: pid) and waits for it.
castellan_stop_node() {
  if [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; then
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}
