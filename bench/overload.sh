#!/usr/bin/env bash
# Benchmark: overload. Starts a dev-mode instance (scratch H2 file, or PostgreSQL schema bench_overload with
# "pg"), warms the JVM, finds the saturation rate of the FHIR medicine-card search (wrk, 32 connections,
# several rounds), then offers STORM_FACTOR (3) times that for 30 s from 512 connections (each connection
# pauses between its requests, so the offered rate stays near the target however fast refusals come back;
# STORM_FACTOR=0 makes it a plain closed loop, far above) while an open-loop probe measures the latency of
# admitted requests. Prints goodput, refusals by status, the probe's p50/p99, the
# node's max RSS and thread count; then the probe's timeline and a wrk round right after (recovery).
# The per-client quota is raised (one benchmark client would otherwise meet its 429s; the specs prove the
# quota). wrk and the probe share the node's 2 cores with the server.
# Usage: bench/overload.sh [h2|pg]   env: WARMUP=120 ROUNDS=3 ROUND=15 STORM=30 STORM_CONNECTIONS=512 STORM_FACTOR=3 PROBE_RATE=200
PORT=${PORT:-18084}
source "$(dirname "$0")/lib.sh"
DB=${1:-h2}; WARMUP=${WARMUP:-120}; ROUNDS=${ROUNDS:-3}; ROUND=${ROUND:-15}; STORM=${STORM:-30}
STORM_CONNECTIONS=${STORM_CONNECTIONS:-512}; STORM_FACTOR=${STORM_FACTOR:-3}; PROBE_RATE=${PROBE_RATE:-200}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
# shellcheck disable=SC2046
start_app -Dopennsp.rate-limit.default-per-second=1000000 $(database_args "$DB" bench_overload)
TOKEN=$(dev_token doctor-karl)
SEARCH="/fhir/MedicationStatement?patient.identifier=urn:oid:1.2.208.176.1.2%7C0101901111"
URL="http://localhost:$PORT$SEARCH"

echo "== $DB: warm-up ${WARMUP}s (wrk, 32 connections)"
wrk -t2 -c32 -d"${WARMUP}s" -H "Authorization: Bearer $TOKEN" "$URL" | grep Requests/sec
echo "== saturation: $ROUNDS rounds of ${ROUND}s, 32 connections"
best=0
for r in $(seq "$ROUNDS"); do
    line=$(measured_round "$ROUND" 32 "$URL" "$TOKEN")
    echo "round $r: $line"
    rps=${line%% *}
    [ "$rps" -gt "$best" ] && best=$rps
done
echo "saturation ≈ $best req/s"

# each storm connection waits between its requests so that all of them together offer about factor × saturation
PACING=0
[ "$STORM_FACTOR" != 0 ] && PACING=$(awk -v c="$STORM_CONNECTIONS" -v b="$best" -v f="$STORM_FACTOR" 'BEGIN {printf "%d", c * 1000 / (b * f)}')
sed "s/^counts = {}/counts = {}\nfunction delay() return $PACING end/" "$WORK/status.lua" > "$WORK/storm.lua"
echo "== storm: ${STORM}s, wrk with $STORM_CONNECTIONS connections (${PACING} ms between a connection's requests) + open-loop probe at $PROBE_RATE/s"
( while kill -0 "$JPID" 2>/dev/null; do
    echo "$(awk '/VmRSS/ {print $2}' /proc/$JPID/status) $(awk '/Threads/ {print $2}' /proc/$JPID/status)"; sleep 0.5; done ) > "$WORK/samples" &
BACKGROUND+=($!)
"${PROBE[@]}" "http://localhost:$PORT" "$SEARCH" "$TOKEN" "$PROBE_RATE" "$STORM" "probe during storm" > "$WORK/probe" &
PROBE_PID=$!
c0=$(cpu_ticks)
out=$(/usr/bin/time -f "wrk CPU %U %S" wrk -t2 -c"$STORM_CONNECTIONS" -d"${STORM}s" -s "$WORK/storm.lua" -H "Authorization: Bearer $TOKEN" "$URL" 2>&1)
c1=$(cpu_ticks)
wait $PROBE_PID
total=$(echo "$out" | awk '/requests in/ {print $1}')
ok=$(echo "$out" | awk '/^status 200:/ {print $3}'); ok=${ok:-0}
refused=$(echo "$out" | awk '/^status (429|503):/ {s += $3} END {print s + 0}')
echo "offered: $(awk -v t="$total" -v d="$STORM" -v b="$best" 'BEGIN {printf "%.0f req/s = %.1f × saturation", t / d, t / d / b}')"
echo "goodput: $(awk -v o="$ok" -v d="$STORM" 'BEGIN {printf "%.0f", o / d}') req/s = $(awk -v o="$ok" -v d="$STORM" -v b="$best" 'BEGIN {printf "%.0f", 100 * o / d / b}')% of saturation"
echo "refused: $refused ($(echo "$out" | grep '^status' | tr '\n' ' '))"
cat "$WORK/probe"
echo "CPU during the storm (2 cores): server $(awk -v t=$((c1 - c0)) -v hz="$CLK_TCK" -v d="$STORM" 'BEGIN {printf "%.2f", t / hz / d}') cores, wrk $(echo "$out" | awk -v d="$STORM" '/^wrk CPU/ {printf "%.2f", ($3 + $4) / d}') cores (the probe takes the rest)"
awk '{ if ($1 > r) r = $1; if ($2 > t) t = $2 } END { printf "node during storm: max RSS %.0f MB, max threads %d\n", r / 1024, t }' "$WORK/samples"

echo "== recovery (right after the storm)"
"${PROBE[@]}" "http://localhost:$PORT" "$SEARCH" "$TOKEN" "$PROBE_RATE" 5 "probe, first 5 s after" timeline
echo "wrk 10 s after: $(measured_round 10 32 "$URL" "$TOKEN")"
echo "node after: RSS $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' /proc/$JPID/status), threads $(awk '/Threads/ {print $2}' /proc/$JPID/status)"
