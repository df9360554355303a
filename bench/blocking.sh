#!/usr/bin/env bash
# Microbenchmark: per-check cost of the in-memory MinSpærring index (ns per check) with the demo SOR
# tree and N citizens holding 1–3 registrations of every kind. In-process; no server or database.
# Usage: bench/blocking.sh [citizens]   (default 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f services/target/opennsp.jar ] && [ -f services/target/test-classes/dk/opennsp/bench/BlockingIndexBench.class ] || ./mvnw -q -B -DskipTests package
java -Xmx1g -cp services/target/test-classes:services/target/opennsp.jar dk.opennsp.bench.BlockingIndexBench "${1:-200000}"
