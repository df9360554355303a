#!/usr/bin/env bash
# Benchmark: a PostgreSQL outage. Starts a dev-mode instance on PostgreSQL (schema bench_outage in database
# test at 127.0.0.1:5432), warms it, then runs an open-loop probe (FHIR medicine-card search, 50 req/s) and a
# readiness poller (every 200 ms) while PostgreSQL is stopped for OUTAGE seconds and started again. Prints
# the probe's second-by-second timeline (how fast requests are answered during the outage, when 200s
# return) and the readiness transitions with their timing. Needs to stop and start the local cluster
# (pg_ctlcluster, as root): never run it against a shared server.
# Usage: bench/db-outage.sh   env: OUTAGE=30 BEFORE=10 AFTER=20
PORT=${PORT:-18085}
source "$(dirname "$0")/lib.sh"
OUTAGE=${OUTAGE:-30}; BEFORE=${BEFORE:-10}; AFTER=${AFTER:-20}
PG_VERSION=$(ls /etc/postgresql | head -1)
pg_start() { pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main start; }
trap 'kill $APP "${BACKGROUND[@]}" 2>/dev/null || true; pg_start 2>/dev/null || true; rm -rf "$WORK"' EXIT
# shellcheck disable=SC2046
start_app $(database_args pg bench_outage)
TOKEN=$(dev_token doctor-karl)
CTOKEN=$(dev_token citizen-nancy)
SEARCH="/fhir/MedicationStatement?patient.identifier=urn:oid:1.2.208.176.1.2%7C0101901111"
echo "warm-up 20 s"
open_loop "http://localhost:$PORT$SEARCH" 500 20 4 "warm-up" --header "Authorization: Bearer $TOKEN" | head -1 | cut -c1-160

now_ms() { date +%s%3N; }
T0=$(now_ms)
( while true; do
    r=$(curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}' "http://localhost:$PORT/health/readiness" || true)
    echo "$(( $(now_ms) - T0 )) $r"; sleep 0.2
  done ) > "$WORK/readiness" &
BACKGROUND+=($!)
open_loop "http://localhost:$PORT$SEARCH" 50 $((BEFORE + OUTAGE + AFTER)) 128 \
    "probe (PostgreSQL down from ${BEFORE}s to $((BEFORE + OUTAGE))s)" --header "Authorization: Bearer $TOKEN" --timeline > "$WORK/probe" &
PROBE_PID=$!
sleep "$BEFORE"
STOP=$(( $(now_ms) - T0 ))
pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main stop -m fast
echo "PostgreSQL stopped at ${STOP} ms"
sleep 5
echo "a write during the outage (create a blocking): $(curl -s -o /dev/null -m 10 -w '%{http_code} in %{time_total} s' -X POST \
    "http://localhost:$PORT/api/citizen/blockings" -H "Authorization: Bearer $CTOKEN" -H 'Content-Type: application/json' \
    -d '{"kind":"PROFESSIONAL","target":"C1A23"}')"
echo "a SOAP lookup during the outage: $(curl -s "http://localhost:$PORT/dev/dgws/get-medicine-card?identity=doctor-karl&cpr=0101901111" -o "$WORK/request.xml" -w '' ; \
    curl -s -m 10 -o "$WORK/fault.xml" -w '%{http_code} in %{time_total} s' -X POST "http://localhost:$PORT/soap/fmk" -H 'Content-Type: text/xml' --data-binary @"$WORK/request.xml") \
    $(grep -o 'processing_problem' "$WORK/fault.xml" | head -1)"
sleep $((OUTAGE - 5))
pg_start
START=$(( $(now_ms) - T0 ))
echo "PostgreSQL started at ${START} ms"
wait $PROBE_PID
cat "$WORK/probe"
echo "readiness (ms since probe start: status, seconds to answer):"
awk -v stop="$STOP" -v start="$START" '
    { if ($3 + 0 > slowest) slowest = $3 + 0 }
    $2 != last { printf "  %6d ms: %s (answered in %.3f s)\n", $1, $2, $3; last = $2
                 if ($2 != "200" && $1 >= stop && !down) { down = $1 }
                 if ($2 == "200" && $1 >= start && !up) { up = $1 } }
    END { printf "readiness DOWN %d ms after the stop; UP %d ms after the start; slowest readiness answer %.3f s\n", down - stop, up - start, slowest }' "$WORK/readiness"
