#!/usr/bin/env bash
# Benchmark: DGWS ID-card validation (in-process, uncached and cached) and SOAP GetMedicineCard over
# HTTP with one reused card (closed loop), then latency at half that rate (open loop, fixed rate).
# Starts its own dev-mode instance on a scratch H2 database. No external load tool needed.
# Usage: bench/dgws.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18081}
WORK=$(mktemp -d)
trap 'kill $APP 2>/dev/null || true; rm -rf "$WORK"' EXIT

# test classes hold the benchmark driver; -DskipTests still compiles them
[ -f services/target/opennsp.jar ] && [ -d services/target/test-classes/dk/opennsp/bench ] || ./mvnw -q -B -DskipTests package
(cd "$WORK" && exec java -Xmx1g -Dopennsp.dev-mode=true -Dmicronaut.server.port=$PORT \
    -jar "$OLDPWD/services/target/opennsp.jar" > app.log 2>&1) &
APP=$!
for _ in $(seq 60); do curl -sf "http://localhost:$PORT/health/readiness" >/dev/null && break; sleep 1; done

curl -sf "http://localhost:$PORT/dev/dgws/get-medicine-card?identity=doctor-karl&cpr=0101901111" > "$WORK/request.xml"
java -Xmx512m -cp services/target/test-classes:services/target/opennsp.jar dk.opennsp.bench.DgwsBench \
    "http://localhost:$PORT" "$WORK/request.xml"
