#!/usr/bin/env bash
# Benchmark: FHIR MedicationStatement search with a valid token (every request is guarded and
# writes a durable MinLog entry). Starts its own dev-mode instance on a scratch H2 database.
# Usage: bench/fhir-search.sh [seconds=20] [connections=32]   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
CONNECTIONS=${2:-32}
PORT=${PORT:-18080}
WORK=$(mktemp -d)
trap 'kill $APP 2>/dev/null || true; rm -rf "$WORK"' EXIT

[ -f services/target/opennsp.jar ] || ./mvnw -q -B -DskipTests package
(cd "$WORK" && exec java -Xmx1g -Dopennsp.dev-mode=true -Dmicronaut.server.port=$PORT \
    -jar "$OLDPWD/services/target/opennsp.jar" > app.log 2>&1) &
APP=$!
for _ in $(seq 60); do curl -sf "http://localhost:$PORT/health/readiness" >/dev/null && break; sleep 1; done

TOKEN=$(curl -s -X POST "http://localhost:$PORT/dev/token" -H 'Content-Type: application/json' \
    -d '{"identity":"doctor-karl"}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
URL="http://localhost:$PORT/fhir/MedicationStatement?patient.identifier=urn:oid:1.2.208.176.1.2%7C0101901111"
curl -sf -H "Authorization: Bearer $TOKEN" "$URL" > /dev/null

echo "warm-up 10s"
wrk -t2 -c"$CONNECTIONS" -d10s -H "Authorization: Bearer $TOKEN" "$URL" > /dev/null
echo "measure ${DURATION}s, $CONNECTIONS connections"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$URL"
echo "MinLog entries for the benchmarked citizen (one per request):"
CT=$(curl -s -X POST "http://localhost:$PORT/dev/token" -H 'Content-Type: application/json' \
    -d '{"identity":"citizen-nancy"}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
curl -s -H "Authorization: Bearer $CT" "http://localhost:$PORT/api/citizen/minlog?size=1" | sed 's/.*"total":\([0-9]*\).*/\1/'
