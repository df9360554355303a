#!/usr/bin/env bash
# Benchmark: SOR at 10,000 entities. Grows the dev-mode tree through the admin API, then measures
# single-entity FHIR reads (req/s, p50/p99), a full export (NDJSON and FHIR _history) and a delta
# after 100 changes. Starts its own dev-mode instance on a scratch H2 database.
# Usage: bench/sor.sh [entities]   (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18082}
WORK=$(mktemp -d)
trap 'kill $APP 2>/dev/null || true; rm -rf "$WORK"' EXIT

# test classes hold the benchmark driver; -DskipTests still compiles them
[ -f services/target/opennsp.jar ] && [ -f services/target/test-classes/dk/opennsp/bench/SorBench.class ] || ./mvnw -q -B -DskipTests package
(cd "$WORK" && exec java -Xmx1g -Dopennsp.dev-mode=true -Dmicronaut.server.port=$PORT \
    -jar "$OLDPWD/services/target/opennsp.jar" > app.log 2>&1) &
APP=$!
for _ in $(seq 60); do curl -sf "http://localhost:$PORT/health/readiness" >/dev/null && break; sleep 1; done

java -Xmx512m -cp services/target/test-classes:services/target/opennsp.jar dk.opennsp.bench.SorBench \
    "http://localhost:$PORT" "${1:-10000}"
