#!/usr/bin/env bash
# Benchmark: overload. Starts a dev-mode instance (scratch H2 file, or PostgreSQL schema bench_overload with
# "pg"), warms the JVM (WARMUP seconds of lookups, then WARM_STORM seconds of overload, so that the refusal
# path is compiled too), finds the saturation rate of the FHIR medicine-card search (wrk, CONNECTIONS=16
# connections, fewer than the node admits, several rounds: 200s per second), then offers STORM_FACTOR (3) times that for STORM seconds, open loop (OpenLoopLoad: each
# request is due at its time whatever the server answers, latency counted from then) over 512 connections,
# after STORM_WARMUP (5) seconds of the same storm that are not counted (the load tool's own JIT; the server
# recompiles for the storm's new profile then too, as a node on its first bad day would).
# Prints goodput (admitted 200s per second), refusals by status, p50/p99 of the admitted requests, the server's
# CPU by kind of thread, the node's max RSS and thread count, how often the admission queue was cut as standing
# and the waits for a worker, and a per-second timeline; then the same right after (recovery).
#
# CPU placement: by default the server runs on core 0 (after its warm-up) and every load tool on the other core(s)
# (SERVER_CPUS / LOAD_CPUS, see lib.sh), for the saturation rounds and the storm alike: on a 2-core box the
# load tool otherwise takes the server's CPU in the storm (offering 3× costs it far more than offering 1×),
# and goodput would measure the load tool. PIN=0 shares every core, as production never would.
# The per-client quota is raised (one benchmark client would otherwise meet its 429s; the specs prove the
# quota).
# Usage: bench/overload.sh [h2|pg]   env: PIN=1 CONNECTIONS=16 WARMUP=120 WARM_STORM=20 ROUNDS=3 ROUND=15 STORM=30 STORM_CONNECTIONS=512
#        STORM_FACTOR=3 STORM_WARMUP=5 PROBE_RATE=200
PORT=${PORT:-18084}
if [ "${PIN:-1}" = 1 ] && [ "$(nproc)" -ge 2 ]; then
    export SERVER_CPUS=${SERVER_CPUS:-0} LOAD_CPUS=${LOAD_CPUS:-1-$(($(nproc) - 1))}
fi
source "$(dirname "$0")/lib.sh"
DB=${1:-h2}; WARMUP=${WARMUP:-120}; ROUNDS=${ROUNDS:-3}; ROUND=${ROUND:-15}; STORM=${STORM:-30}; WARM_STORM=${WARM_STORM:-20}
CONNECTIONS=${CONNECTIONS:-16}; STORM_CONNECTIONS=${STORM_CONNECTIONS:-512}; STORM_FACTOR=${STORM_FACTOR:-3}
STORM_WARMUP=${STORM_WARMUP:-5}; PROBE_RATE=${PROBE_RATE:-200}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
# shellcheck disable=SC2046
start_app -Dopennsp.rate-limit.default-per-second=1000000 $(database_args "$DB" bench_overload)
TOKEN=$(dev_token doctor-karl)
SEARCH="/fhir/MedicationStatement?patient.identifier=urn:oid:1.2.208.176.1.2%7C0101901111"
URL="http://localhost:$PORT$SEARCH"
echo "== $DB: server on CPUs ${SERVER_CPUS:-all}, load tools on CPUs ${LOAD_CPUS:-all} ($(nproc) cores)"

echo "== warm-up ${WARMUP}s (wrk, $CONNECTIONS connections; the server on every core: the JIT needs them)"
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -H "Authorization: Bearer $TOKEN" "$URL" > "$WORK/warmup"
grep Requests/sec "$WORK/warmup"
# the refusal path too: a node that has never refused compiles it during its first storm, and on one core
# that costs the first 6-8 s of that storm (measured: 700 200s a second instead of 4,000, 500 ms tails)
warm=$(sed -n 's/^Requests\/sec: *\([0-9]*\).*/\1/p' "$WORK/warmup")
echo "== warm-up of the refusal path: ${WARM_STORM}s open loop at 3 × $warm req/s"
open_loop "$URL" $((warm * 3)) "$WARM_STORM" "$STORM_CONNECTIONS" "refusal warm-up" --header "Authorization: Bearer $TOKEN" | head -1
pin_server
echo "== saturation: $ROUNDS rounds of ${ROUND}s, $CONNECTIONS connections (fewer than the node admits: no 503 here)"
best=0
for r in $(seq "$ROUNDS"); do
    line=$(measured_round "$ROUND" "$CONNECTIONS" "$URL" "$TOKEN")
    echo "round $r: $line"
    rps=${line%% *}
    [ "$rps" -gt "$best" ] && best=$rps
done
echo "saturation ≈ $best req/s"

rate=$((best * STORM_FACTOR))
echo "== storm: ${STORM}s open loop at $rate req/s (${STORM_FACTOR} × saturation) over $STORM_CONNECTIONS connections, after ${STORM_WARMUP}s of it not counted (the load tool's own warm-up)"
( while kill -0 "$JPID" 2>/dev/null; do
    echo "$(awk '/VmRSS/ {print $2}' /proc/$JPID/status) $(awk '/Threads/ {print $2}' /proc/$JPID/status)"; sleep 0.5; done ) > "$WORK/samples" &
BACKGROUND+=($!)
# /prometheus only before and after the storm: each scrape costs the server milliseconds of its one core
scrape "$WORK/metrics0"
c0=$(cpu_ticks); thread_ticks > "$WORK/threads0"
open_loop "$URL" "$rate" "$STORM" "$STORM_CONNECTIONS" storm --header "Authorization: Bearer $TOKEN" --timeline \
    --warmup "$STORM_WARMUP" > "$WORK/storm"
c1=$(cpu_ticks); thread_ticks > "$WORK/threads1"
admitted=$(sed -n 's/^storm: admitted (2xx) \([0-9]*\) .*/\1/p' "$WORK/storm")
echo "goodput: $(awk -v o="$admitted" -v d="$STORM" -v b="$best" 'BEGIN {printf "%.0f req/s = %.0f%% of saturation", o / d, 100 * o / d / b}')"
grep -v '^  ' "$WORK/storm"
echo "server CPU during the storm: $(awk -v t=$((c1 - c0)) -v hz="$CLK_TCK" -v d=$((STORM + STORM_WARMUP)) 'BEGIN {printf "%.2f", t / hz / d}') cores"
echo "by thread (cores; # stands for a number):"
thread_cpu "$WORK/threads0" "$WORK/threads1" $((STORM + STORM_WARMUP))
awk '{ if ($1 > r) r = $1; if ($2 > t) t = $2 } END { printf "node during storm: max RSS %.0f MB, max threads %d\n", r / 1024, t }' "$WORK/samples"
scrape "$WORK/metrics1"
cuts=$(awk -v a="$(metric "$WORK/metrics1" opennsp_admission_queue_cuts_total)" -v b="$(metric "$WORK/metrics0" opennsp_admission_queue_cuts_total)" 'BEGIN {print a - b}')
echo "admission queue: cut $cuts times as standing, bound now $(metric "$WORK/metrics1" opennsp_admission_queue_limit)"
echo "wait for a worker in the storm (last 30 s): p50 $(metric "$WORK/metrics1" 'opennsp_admission_queue_wait_seconds{quantile="0.5"}' 1000) ms," \
    "p99 $(metric "$WORK/metrics1" 'opennsp_admission_queue_wait_seconds{quantile="0.99"}' 1000) ms, max $(metric "$WORK/metrics1" opennsp_admission_queue_wait_seconds_max 1000) ms"
echo "storm timeline:"
grep '^  ' "$WORK/storm"

echo "== recovery (right after the storm)"
open_loop "$URL" "$PROBE_RATE" 5 8 "first 5 s after" --header "Authorization: Bearer $TOKEN" --timeline
echo "wrk 10 s after: $(measured_round 10 "$CONNECTIONS" "$URL" "$TOKEN")"
echo "node after: RSS $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' /proc/$JPID/status), threads $(awk '/Threads/ {print $2}' /proc/$JPID/status)"
