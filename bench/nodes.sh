#!/usr/bin/env bash
# Benchmark: two nodes on one PostgreSQL schema (bench_nodes in database test, recreated), started at
# the same moment on the empty schema. Prints how long a change acknowledged by node A takes to be
# honoured by node B (blocking created, blocking ended, SOR unit renamed; min/median/max over TRIES, on
# cold JVMs and again after the warm-up), then the FHIR search throughput of one node alone and of both
# together (wrk, after a warm-up of WARMUP seconds on both; two JVMs compile on the same 2 cores, hence
# 90 s by default). Both nodes, PostgreSQL and wrk share this machine's cores: on a 2-core box two nodes
# cannot serve more than one, the figure shows what the second node costs, not what it adds.
# Usage: bench/nodes.sh   env: TRIES=20 WARMUP=90 ROUNDS=3 ROUND=20 CONNECTIONS=32   (needs wrk)
source "$(dirname "$0")/lib.sh"
TRIES=${TRIES:-20}; WARMUP=${WARMUP:-90}; ROUNDS=${ROUNDS:-3}; ROUND=${ROUND:-20}; CONNECTIONS=${CONNECTIONS:-32}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
PORT_B=$((PORT + 1))
DB_ARGS=$(database_args pg bench_nodes)

# start_node port: one node in $WORK (both share its dev keys, as nodes share their issuer keys)
start_node() {
    # shellcheck disable=SC2086
    (cd "$WORK" && exec java -Xmx768m -Dopennsp.dev-mode=true -Dmicronaut.server.port=$1 \
        -Dopennsp.rate-limit.default-per-second=1000000 -Dopennsp.db.pool-size=16 $DB_ARGS ${BENCH_OPTS:-} \
        -jar "$OLDPWD/services/target/opennsp.jar" > "node-$1.log" 2>&1) &
    BACKGROUND+=($!)
}
await_ready() {
    for _ in $(seq 120); do
        curl -sf "http://localhost:$1/health/readiness" >/dev/null && return
        sleep 0.5
    done
    echo "node on port $1 did not start; see $WORK/node-$1.log" >&2; exit 1
}

started=$(date +%s.%N)
start_node "$PORT"; start_node "$PORT_B"
await_ready "$PORT"; await_ready "$PORT_B"
echo "== two nodes started together on an empty schema: both ready after $(echo "$(date +%s.%N) - $started" | bc | cut -c1-5) s"
PID_A=$(pgrep -f "micronaut.server.port=$PORT " | head -1); PID_B=$(pgrep -f "micronaut.server.port=$PORT_B " | head -1)

propagation() {
    echo "== propagation A -> B, $1 ($TRIES changes each)"
    java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx128m -cp "$CP" dk.opennsp.bench.PropagationBench \
        "http://localhost:$PORT" "http://localhost:$PORT_B" "$TRIES"
}
propagation "cold JVMs"

TOKEN=$(dev_token doctor-karl)
URL_A="http://localhost:$PORT/fhir/MedicationStatement?patient.identifier=urn:oid:1.2.208.176.1.2%7C0101901111"
URL_B="http://localhost:$PORT_B/fhir/MedicationStatement?patient.identifier=urn:oid:1.2.208.176.1.2%7C0101901111"
ticks() { awk '{s += $14 + $15} END {print s}' "/proc/$PID_A/stat" "/proc/$PID_B/stat"; }

echo "== warm-up ${WARMUP}s, both nodes"
wrk -t1 -c$((CONNECTIONS / 2)) -d"${WARMUP}s" -H "Authorization: Bearer $TOKEN" "$URL_A" > /dev/null &
WARM=$!
wrk -t1 -c$((CONNECTIONS / 2)) -d"${WARMUP}s" -H "Authorization: Bearer $TOKEN" "$URL_B" > /dev/null
wait "$WARM"
propagation "warm JVMs"

# round label seconds url...: wrk on each url at once (CONNECTIONS split among them); summed req/s and nodes' CPU per request
round() {
    local label=$1 seconds=$2 c0 c1 total=0 n=$(( $# - 2 )) out pids=()
    shift 2
    c0=$(ticks)
    local i=0
    for url in "$@"; do
        i=$((i + 1))
        wrk -t1 -c$((CONNECTIONS / n)) -d"${seconds}s" -H "Authorization: Bearer $TOKEN" "$url" > "$WORK/wrk-$i" &
        pids+=($!)
    done
    wait "${pids[@]}"
    c1=$(ticks)
    for i in $(seq "$n"); do
        out=$(grep Requests/sec "$WORK/wrk-$i" | awk '{print $2}')
        total=$(echo "$total + $out" | bc)
    done
    echo "$label: $(printf '%.0f' "$total") req/s, CPU of the nodes $(echo "scale=0; ($c1 - $c0) * 1000000 / $CLK_TCK / ($total * $seconds)" | bc) µs/request"
}
for r in $(seq "$ROUNDS"); do
    round "round $r, node A alone  " "$ROUND" "$URL_A"
    round "round $r, nodes A and B " "$ROUND" "$URL_A" "$URL_B"
done
