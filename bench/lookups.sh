#!/usr/bin/env bash
# Benchmark for the two hot lookups on one warm node: FHIR MedicationStatement search (bearer token) and
# DGWS GetMedicineCard (one reused ID card), each guarded and each writing a durable MinLog entry.
# Starts a dev-mode instance (scratch H2 file, or PostgreSQL schema bench_lookups with "pg"), warms both
# paths (twice WARMUP seconds each, alternating, 60 by default: on 2 cores the JIT is still compiling after
# 10 s, and the DGWS path still after a minute), then prints
# ROUNDS closed-loop rounds of each (wrk, CONNECTIONS connections: req/s, p50/p99, server CPU per request),
# and an open-loop run of each at a fixed rate (FHIR_RATE 5000/s, DGWS_RATE 3000/s, OPEN seconds: latency
# from the scheduled send, so queueing behind a stall counts). wrk and the load tool share the cores with
# the server. CONNECTIONS (16) stays below what admission control admits (on 2 cores: 4 workers + 48 queued
# on H2, 16 + 48 on PostgreSQL); the open-loop runs use 48 connections (a request finding none free waits, and
# that wait counts).
# The per-client quota is raised: one benchmark client would otherwise meet its 429s.
# Usage: bench/lookups.sh [h2|pg]   env: WARMUP=60 ROUNDS=3 ROUND=20 CONNECTIONS=16 OPEN=30   (needs wrk)
source "$(dirname "$0")/lib.sh"
DB=${1:-h2}; WARMUP=${WARMUP:-60}; ROUNDS=${ROUNDS:-3}; ROUND=${ROUND:-20}; CONNECTIONS=${CONNECTIONS:-16}
OPEN=${OPEN:-30}; FHIR_RATE=${FHIR_RATE:-5000}; DGWS_RATE=${DGWS_RATE:-3000}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
# shellcheck disable=SC2046
start_app -Dopennsp.rate-limit.default-per-second=1000000 $(database_args "$DB" bench_lookups)
TOKEN=$(dev_token doctor-karl)
FHIR="http://localhost:$PORT/fhir/MedicationStatement?patient.identifier=urn:oid:1.2.208.176.1.2%7C0101901111"
DGWS="http://localhost:$PORT/soap/fmk"
curl -sf "http://localhost:$PORT/dev/dgws/get-medicine-card?identity=doctor-karl&cpr=0101901111" > "$WORK/request.xml"
curl -sf -H "Authorization: Bearer $TOKEN" "$FHIR" > /dev/null
curl -sf -H 'Content-Type: text/xml; charset=utf-8' --data-binary @"$WORK/request.xml" "$DGWS" | grep -q MedicineCard \
    || { echo "GetMedicineCard did not answer with a card" >&2; exit 1; }
# the DGWS request for wrk: the same envelope every time (a read is not in the retransmission memory)
{ echo "wrk.method = 'POST'"; echo "wrk.headers['Content-Type'] = 'text/xml; charset=utf-8'"
  echo "local f = io.open('$WORK/request.xml', 'r'); wrk.body = f:read('*a'); f:close()"; cat "$WORK/status.lua"; } > "$WORK/dgws.lua"

# round NAME SECONDS: one closed-loop wrk round of FHIR or DGWS (see wrk_round in lib.sh)
round() {
    if [ "$1" = fhir ]; then
        measured_round "$2" "$CONNECTIONS" "$FHIR" "$TOKEN"
    else
        wrk_round "$2" "$CONNECTIONS" "$WORK/dgws.lua" "$DGWS"
    fi
}

echo "== $DB: warm-up 2 x ${WARMUP}s per path, $CONNECTIONS connections, wrk and the load tool on the same 2 cores"
# the DGWS path (CXF, XML) is still compiling after one minute: two alternating passes of each
for _ in 1 2; do
    round fhir "$WARMUP" > /dev/null
    round dgws "$WARMUP" > /dev/null
done
for r in $(seq "$ROUNDS"); do
    echo "round $r FHIR search       (${ROUND}s): $(round fhir "$ROUND")"
    echo "round $r DGWS GetMedicineCard (${ROUND}s): $(round dgws "$ROUND")"
done
echo "open loop, FHIR search at $FHIR_RATE req/s for ${OPEN}s:"
open_loop "$FHIR" "$FHIR_RATE" "$OPEN" 48 fhir --header "Authorization: Bearer $TOKEN" | sed 's/^/  /'
echo "open loop, DGWS GetMedicineCard at $DGWS_RATE req/s for ${OPEN}s:"
open_loop "$DGWS" "$DGWS_RATE" "$OPEN" 48 dgws --post "$WORK/request.xml" --header 'Content-Type: text/xml; charset=utf-8' | sed 's/^/  /'
if [ "$DB" = h2 ]; then echo "H2 file: $(du -m "$WORK/data/opennsp.mv.db" | cut -f1) MB"; fi
