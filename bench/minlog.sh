#!/usr/bin/env bash
# Benchmark: MinLog. For H2 and then PostgreSQL (127.0.0.1:5432, database test, schema bench_minlog,
# dropped and recreated): starts a dev-mode instance and prints sustained bulk-registration entries/s
# and the latency a guarded lookup pays for its log write; on PostgreSQL it then seeds 10 million
# entries and times the citizen's log query (SEED=0 skips that). Usage: bench/minlog.sh [h2|pg|both]   (default both)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18083}
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
WORK=$(mktemp -d)
APP=
trap 'kill $APP 2>/dev/null || true; rm -rf "$WORK"' EXIT
[ -f services/target/opennsp.jar ] && [ -f services/target/test-classes/dk/opennsp/bench/MinLogBench.class ] || ./mvnw -q -B -DskipTests package
CP=services/target/test-classes:services/target/opennsp.jar

start() {
    (cd "$WORK" && exec java -Xmx1g -Dopennsp.dev-mode=true -Dmicronaut.server.port=$PORT "$@" \
        -jar "$OLDPWD/services/target/opennsp.jar" > app.log 2>&1) &
    APP=$!
    for _ in $(seq 90); do curl -sf "http://localhost:$PORT/health/readiness" >/dev/null && return; sleep 1; done
    echo "the instance did not start; see $WORK/app.log" >&2; exit 1
}

if [ "${1:-both}" != pg ]; then
    start
    java -Xmx512m -cp $CP dk.opennsp.bench.MinLogBench "http://localhost:$PORT" H2
    kill $APP; wait $APP 2>/dev/null || true
fi
if [ "${1:-both}" != h2 ]; then
    java -cp $CP dk.opennsp.bench.MinLogBench --create-schema "$PG_URL" bench_minlog
    start -Ddatasources.default.url="$PG_URL?currentSchema=bench_minlog" -Ddatasources.default.driver-class-name=org.postgresql.Driver \
        -Ddatasources.default.username=postgres -Ddatasources.default.password=
    if [ "${SEED:-1}" = 0 ]; then SEEDING=(); else SEEDING=("$PG_URL" bench_minlog); fi
    java -Xmx512m -cp $CP dk.opennsp.bench.MinLogBench "http://localhost:$PORT" PostgreSQL "${SEEDING[@]}"
fi
