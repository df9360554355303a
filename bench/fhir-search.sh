#!/usr/bin/env bash
# Benchmark: FHIR MedicationStatement search with a valid token (every request is guarded and writes a
# durable MinLog entry). Starts its own dev-mode instance (scratch H2 file, or PostgreSQL schema
# bench_fhir with "pg"), warms the JVM until the JIT has settled (60 s by default: on 2 cores it is still
# compiling after 10 s), then prints several measured rounds: req/s, latency percentiles and the server's
# CPU per request. wrk shares the cores with the server. The per-client quota is raised: one benchmark
# client would otherwise meet its 429s.
# Usage: bench/fhir-search.sh [h2|pg]   env: WARMUP=120 ROUNDS=3 ROUND=20 CONNECTIONS=16   (needs wrk)
source "$(dirname "$0")/lib.sh"
DB=${1:-h2}; WARMUP=${WARMUP:-120}; ROUNDS=${ROUNDS:-3}; ROUND=${ROUND:-20}; CONNECTIONS=${CONNECTIONS:-16}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
# shellcheck disable=SC2046
start_app -Dopennsp.rate-limit.default-per-second=1000000 $(database_args "$DB" bench_fhir)
TOKEN=$(dev_token doctor-karl)
URL="http://localhost:$PORT/fhir/MedicationStatement?patient.identifier=urn:oid:1.2.208.176.1.2%7C0101901111"
curl -sf -H "Authorization: Bearer $TOKEN" "$URL" > /dev/null

echo "== $DB: warm-up ${WARMUP}s, $CONNECTIONS connections"
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -H "Authorization: Bearer $TOKEN" "$URL" | grep Requests/sec
for r in $(seq "$ROUNDS"); do
    echo "round $r (${ROUND}s): $(measured_round "$ROUND" "$CONNECTIONS" "$URL" "$TOKEN")"
done
TOTAL=$(curl -s -H "Authorization: Bearer $(dev_token citizen-nancy)" "http://localhost:$PORT/api/citizen/minlog?size=1" | sed 's/.*"total":\([0-9]*\).*/\1/')
echo "MinLog entries for the benchmarked citizen (one per served request): $TOTAL"
if [ "$DB" = h2 ]; then echo "H2 file: $(du -m "$WORK/data/opennsp.mv.db" | cut -f1) MB"; fi
