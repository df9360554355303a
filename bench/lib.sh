# Shared by the HTTP benchmarks (source it): a dev-mode instance on a scratch H2 file or a PostgreSQL
# schema, dev tokens, the server's CPU time, and a wrk script that counts responses by status.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORT=${PORT:-18080}
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
CP=services/target/test-classes:services/target/opennsp.jar
# CPU placement: SERVER_CPUS=0 LOAD_CPUS=1 keeps every load tool (wrk, OpenLoopLoad) on core 1 and, once
# pin_server has run, the server on core 0, so that the load tool never takes the server's CPU (empty:
# everything shares every core)
SERVER_CPUS=${SERVER_CPUS:-}
LOAD_CPUS=${LOAD_CPUS:-}
# pin_server: moves every thread of the server onto SERVER_CPUS (after its warm-up: the JIT needs both cores to
# finish in time; threads started later inherit the placement), and the PostgreSQL backends serving it (they are
# the server's work too: unpinned they take the load tool's core, and the load tool's core is theirs)
pin_server() {
    local backend
    if [ -n "$SERVER_CPUS" ]; then
        taskset -a -p -c "$SERVER_CPUS" "$JPID" > /dev/null
        for backend in $(psql -h 127.0.0.1 -U postgres -d test -Atc "SELECT pid FROM pg_stat_activity WHERE application_name = 'PostgreSQL JDBC Driver' AND pid <> pg_backend_pid()" 2>/dev/null); do
            taskset -p -c "$SERVER_CPUS" "$backend" > /dev/null || true
        done
    fi
}
# load command...: runs a load tool on LOAD_CPUS
load() {
    if [ -n "$LOAD_CPUS" ]; then taskset -c "$LOAD_CPUS" "$@"; else "$@"; fi
}
# open_loop url rate seconds connections label [options]: OpenLoopLoad (one thread, non-blocking sockets; C1 only
# and a small serial heap keep its own cost low)
open_loop() {
    load java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -cp services/target/test-classes dk.opennsp.bench.OpenLoopLoad "$@"
}
WORK=$(mktemp -d)
APP=
BACKGROUND=()
trap 'kill $APP "${BACKGROUND[@]}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
# the benchmark drivers are test classes; -DskipTests still compiles them
[ -f services/target/opennsp.jar ] && [ -f services/target/test-classes/dk/opennsp/bench/OpenLoopLoad.class ] || ./mvnw -q -B -DskipTests package

# database_args h2|pg schema: the -D options for that database (PostgreSQL: the schema is recreated)
database_args() {
    if [ "$1" = pg ]; then
        PGOPTIONS="-c client_min_messages=warning" psql -h 127.0.0.1 -U postgres -d test -qc "DROP SCHEMA IF EXISTS $2 CASCADE; CREATE SCHEMA $2" >/dev/null
        echo "-Ddatasources.default.url=$PG_URL?currentSchema=$2 -Ddatasources.default.driver-class-name=org.postgresql.Driver -Ddatasources.default.username=postgres -Ddatasources.default.password="
    fi
}

# start_app [java -D options...]: starts the jar in $WORK, waits for readiness, sets APP and JPID
# (BENCH_OPTS adds options, e.g. BENCH_OPTS=-Dopennsp.db.h2-write-delay=500ms to measure what durability costs)
start_app() {
    # shellcheck disable=SC2086
    (cd "$WORK" && exec java -Xmx1g -Dopennsp.dev-mode=true -Dmicronaut.server.port=$PORT ${BENCH_OPTS:-} "$@" \
        -jar "$OLDPWD/services/target/opennsp.jar" > app.log 2>&1) &
    APP=$!
    for _ in $(seq 90); do
        if curl -sf "http://localhost:$PORT/health/readiness" >/dev/null; then
            JPID=$(pgrep -f "micronaut.server.port=$PORT" | head -1)
            return
        fi
        sleep 1
    done
    echo "the instance did not start; see $WORK/app.log" >&2; exit 1
}

dev_token() {
    curl -s -X POST "http://localhost:$PORT/dev/token" -H 'Content-Type: application/json' \
        -d "{\"identity\":\"$1\"}" | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}

# scrape file: the node's /prometheus into file (one scrape serves every metric read from it)
scrape() { curl -s "http://localhost:$PORT/prometheus" > "$1"; }
# metric file name [scale]: one sample from a scrape (name with its labels, as printed there), times scale
metric() {
    awk -v n="$2" -v k="${3:-1}" '$1 == n { printf "%.4g", $2 * k; exit }' "$1"
}

# thread_ticks: "name|ticks" per thread of the server (user + system clock ticks; name as the thread set it)
thread_ticks() {
    local t
    for t in /proc/"$JPID"/task/*; do
        echo "$(cat "$t/comm" 2>/dev/null)|$(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{print $12 + $13}')"
    done
}

# thread_cpu before after seconds: the server's CPU by kind of thread between two thread_ticks files, in cores
# (threads named alike but for their numbers are summed: the event loops, the request workers, the JIT)
thread_cpu() {
    awk -F'|' -v hz="$CLK_TCK" -v d="$3" '
        FNR == NR { before[$1] += $2; next } { after[$1] += $2 }
        END { for (n in after) { k = n; gsub(/[0-9]+/, "#", k); cpu[k] += after[n] - before[n] }
              for (k in cpu) if (cpu[k] > 0) printf "  %5.2f  %s\n", cpu[k] / hz / d, k }' "$1" "$2" | sort -nr | head -8
}

# user + system CPU time of the server process, in clock ticks
cpu_ticks() { awk '{print $14 + $15}' "/proc/$JPID/stat"; }
CLK_TCK=$(getconf CLK_TCK)

# wrk -s "$WORK/status.lua": prints "status N: count" per status after the run
cat > "$WORK/status.lua" <<'LUA'
counts = {}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function response(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
function done(summary, latency, requests)
  local total, keys = {}, {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts")) do total[k] = (total[k] or 0) + v end
  end
  for k in pairs(total) do table.insert(keys, k) end
  table.sort(keys)
  for _, k in ipairs(keys) do io.write(string.format("status %d: %d\n", k, total[k])) end
end
LUA

# wrk_round seconds connections script url [wrk options...]: one wrk round with a status-counting script;
# prints 200s per second, p50/p99 and the server's CPU per 200 (and any other statuses)
wrk_round() {
    local seconds=$1 connections=$2 script=$3 url=$4 c0 c1 out
    shift 4
    c0=$(cpu_ticks)
    out=$(load wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$script" "$@" "$url")
    c1=$(cpu_ticks)
    echo "$out" | awk -v ticks=$((c1 - c0)) -v hz="$CLK_TCK" -v seconds="$seconds" '
        /Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 } /^status 200:/ { ok = $3 }
        /^status/ && !/^status 200:/ { other = other " " $0 }
        END { printf "%.0f req/s, p50 %s, p99 %s, server CPU %.0f µs/request%s\n", ok / seconds, p50, p99, ticks / hz * 1e6 / (ok ? ok : 1), other }'
}

# measured_round seconds connections url token: one wrk round of GETs with the bearer token (see wrk_round)
measured_round() {
    wrk_round "$1" "$2" "$WORK/status.lua" "$3" -H "Authorization: Bearer $4"
}
