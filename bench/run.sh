#!/usr/bin/env bash
# Keystone's benchmarks (bench/README.md): seeds a scale database on SQLite and on PostgreSQL, then
# measures the API against a bare Kestrel baseline under wrk, the host overhead, the KPI engine
# against hand-written SQL, the invoice import against COPY, the pages in headless Chromium and the
# server's peak memory, each against its floor in the same run. Writes
# bench/results/YYYY-MM-DD-<machine>.md (with --quick: small data in seconds, written to a temporary
# file, for ./test.sh to check that the scripts still work).
#
#   bench/run.sh [--quick] [--no-build] [--databases "sqlite postgres"]
#                [--accounts N] [--contacts N] [--activities N] [--invoice-lines N] [--import-lines N] [--seconds N]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

quick=0 build=1 databases="sqlite postgres" page_failures=""
accounts=100000 contacts=1000000 activities=10000000 lines=5000000 import_lines=1000000 skew=50000 seconds=15 runs=5 connections=32
while [ $# -gt 0 ]; do
    case $1 in
        --quick) quick=1 ;;
        --no-build) build=0 ;;
        --databases) databases=$2; shift ;;
        --accounts) accounts=$2; shift ;;
        --contacts) contacts=$2; shift ;;
        --activities) activities=$2; shift ;;
        --invoice-lines) lines=$2; shift ;;
        --import-lines) import_lines=$2; shift ;;
        --skew) skew=$2; shift ;;
        --seconds) seconds=$2; shift ;;
        --runs) runs=$2; shift ;;
        *) echo "bench/run.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
if [ "$quick" = 1 ]; then
    accounts=1000 contacts=5000 activities=20000 lines=20000 import_lines=10000 skew=2000 seconds=1 runs=1 connections=8
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/keystone-bench.XXXXXX")
if [ "$quick" = 1 ]; then
    results="$work/quick.md"
else
    mkdir -p bench/results
    results="bench/results/$(date -u +%Y-%m-%d)-$(hostname -s).md"
fi
trap 'echo "bench/run.sh: failed at line $LINENO" >&2' ERR
pg_dir=""
log() { echo "[$(date -u +%H:%M:%S)] $*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- tools ----------------------------------------------------------------------------
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v chromium >/dev/null || need+=(chromium)
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || need+=(postgresql)
command -v psql >/dev/null || need+=(postgresql-client)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
    log "Installing ${need[*]} from Debian..."
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
export KEYSTONE_CHROMIUM=${KEYSTONE_CHROMIUM:-$(command -v chromium)}

# --- build ----------------------------------------------------------------------------
# The server and the database get core 0, the load generators core 1 (on a machine with more cores, the rest idle).
server_cpu=0 client_cpu=1
[ "$(nproc)" -lt 2 ] && client_cpu=0
if [ -n "${KEYSTONE_BENCH_ARTIFACTS:-}" ]; then
    bin() { echo "$KEYSTONE_BENCH_ARTIFACTS/bin/$1/release/$2"; }
elif [ "$build" = 1 ]; then
    artifacts="$root/bench/.artifacts"
    log "Building (Release)..."
    for project in src/Keystone.Cli bench/Bare bench/Runner; do
        dotnet build "$project" -c Release -nologo -v q -p:UseArtifactsOutput=true -p:ArtifactsPath="$artifacts" >"$work/build.log" 2>&1 \
            || { tail -n 30 "$work/build.log"; exit 1; }
    done
    bin() { echo "$artifacts/bin/$1/release/$2"; }
else
    # ./test.sh has built the solution in Release into the projects' own bin folders.
    bin() { case $1 in Keystone.Cli) echo "src/Keystone.Cli/bin/Release/net10.0/$2" ;; Keystone.Bench.Bare) echo "bench/Bare/bin/Release/net10.0/$2" ;; *) echo "bench/Runner/bin/Release/net10.0/$2" ;; esac; }
fi
keystone() { dotnet "$(bin Keystone.Cli keystone.dll)" "$@"; }
bench() { taskset -c "$client_cpu" dotnet "$(bin Keystone.Bench keystone-bench.dll)" "$@"; }

# --- a private PostgreSQL cluster, on the server's core ----------------------------------
pg_port=55700
while (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$((pg_port + 1)); done
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    if [ -d "$pg_dir/data" ]; then run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$pg_dir" "$work"/*.db* "$work"/*.csv
}
trap cleanup EXIT
pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/keystone-bench-pg.XXXXXX")
if [[ " $databases " == *" postgres "* ]]; then
    [ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
    run_pg "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U keystone -E UTF8 >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log"; exit 1; }
    # fsync off: a benchmark cluster, thrown away afterwards; the COPY baseline runs on the same settings.
    run_pg taskset -c "$server_cpu" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w start \
        -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=1GB -c work_mem=64MB -c maintenance_work_mem=512MB -c max_connections=200" >/dev/null
fi

# --- helpers ----------------------------------------------------------------------------
declare -A R   # every figure of the run, by name
read_values() { # file prefix: KEY=VALUE lines into R[prefix_KEY]
    while IFS='=' read -r key value; do
        if [[ $key =~ ^[A-Z0-9_]+$ ]]; then R["$2_$key"]=$value; fi
    done <"$1"
}
free_port() { local p=$1; while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }
wait_http() { for _ in $(seq 1 300); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done; echo "$1 did not answer" >&2; return 1; }
now() { date +%s.%N; }
wrk_run() { # name url [token]: requests/s, p50 and p99 into R
    local name=$1 url=$2 token=${3:-} out="$work/wrk-$1.txt"
    local header=()
    [ -n "$token" ] && header=(-H "Authorization: Bearer $token")
    taskset -c "$client_cpu" wrk -t1 -c"$connections" -d"${seconds}s" --timeout 10s --latency "${header[@]}" "$url" >"$out" 2>&1
    R[${name}_RPS]=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$out")
    R[${name}_P50_MS]=$(awk '$1 == "50%" {print $2}' "$out" | to_ms)
    R[${name}_P99_MS]=$(awk '$1 == "99%" {print $2}' "$out" | to_ms)
    local errors
    errors=$(awk '/Non-2xx or 3xx responses/ {print $5}' "$out")
    R[${name}_ERRORS]=${errors:-0}
}
# Warm-up: on one pinned core, .NET's tiered compilation (with dynamic PGO) needs tens of seconds to more than a minute
# under load to reach its optimized code: measured, /api/v1/me served 2,600 requests/s after 3 s
# and 8,300 after 90 s. A server that has been up for a while is the state worth measuring.
warm_seconds=20
settle_seconds=10
unmeasured() { # seconds url [token]: load that is not measured (skipped by --quick)
    [ "$quick" = 1 ] && return 0
    taskset -c "$client_cpu" wrk -t1 -c"$connections" -d"${1}s" ${3:+-H "Authorization: Bearer $3"} "$2" >/dev/null 2>&1
}
warm() { unmeasured "$warm_seconds" "$@"; } # url [token]
# Each endpoint is measured after $settle_seconds of its own load, so that the requests wrk abandons when
# the previous endpoint's run stops (their queries still running or being cancelled on the database) end
# before this endpoint's figures begin.
measure() { # name url [token]
    unmeasured "$settle_seconds" "$2" "${3:-}"
    wrk_run "$@"
}
to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v = v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v = v * 1000 } printf "%.1f", v }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
verdict() { # value op floor -> PASS/MISS
    awk -v v="$1" -v f="$3" -v op="$2" 'BEGIN { if (v == "n/a" || v == "") { print "n/a"; exit } ok = (op == ">=") ? (v + 0 >= f + 0) : (v + 0 <= f + 0); print ok ? "PASS" : "MISS" }'
}

# The import file, shared by both databases.
csv="$work/invoices.csv"
log "Writing $import_lines invoice lines to a CSV..."
bench csv --lines "$import_lines" --accounts "$accounts" --seed 1 --out "$csv" >"$work/csv.txt"
read_values "$work/csv.txt" CSV

first_month=$(date -u -d "2026-10-01 -23 months" +%Y-%m)
for db in $databases; do
    D=${db^^}
    if [ "$db" = sqlite ]; then
        provider=Sqlite connection="Data Source=$work/bench.db"
    else
        provider=Postgres connection="Host=127.0.0.1;Port=$pg_port;Username=keystone;Database=keystone_bench;Maximum Pool Size=100"
    fi
    db_args=(--provider "$provider" --connection "$connection")

    log "$provider: seeding $accounts accounts, $contacts contacts, $activities activities, $lines invoice lines..."
    start=$(now)
    keystone seed scale "${db_args[@]}" --accounts "$accounts" --contacts "$contacts" --activities "$activities" \
        --invoice-lines "$lines" --skew "$skew" --seed 1 >"$work/seed-$db.txt" 2>&1 || { cat "$work/seed-$db.txt"; exit 1; }
    R[${D}_SEED_S]=$(awk -v s="$start" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }')
    cp "$work/seed-$db.txt" "$work/seed-$db.log"
    skewed=$(sed -n 's/^Skewed account: //p' "$work/seed-$db.txt")
    median=$(sed -n 's/^Median account: //p' "$work/seed-$db.txt")
    kam=$(sed -n 's/^KAM: //p' "$work/seed-$db.txt")
    # The company's dashboard figures and the KAMs' scorecards, computed and stored once as after an import (ADR 0012, 0016), so that
    # the server under test starts with them fresh; timed, with its own peak memory.
    log "$provider: computing the company's and the KAMs' KPI figures (keystone kpi refresh)..."
    start=$(now)
    /usr/bin/time -v -o "$work/refresh-$db.time" taskset -c "$server_cpu" dotnet "$(bin Keystone.Cli keystone.dll)" kpi refresh "${db_args[@]}" \
        >"$work/refresh-$db.txt" 2>&1 || { cat "$work/refresh-$db.txt"; exit 1; }
    R[${D}_REFRESH_S]=$(awk -v s="$start" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }')
    R[${D}_REFRESH_RSS_MB]=$(awk -F: '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/refresh-$db.time")
    R[${D}_REFRESH_COMPANY_S]=$(sed -n 's/^Company KPIs computed and stored in \([0-9.]*\) s\./\1/p' "$work/refresh-$db.txt")
    R[${D}_REFRESH_KAMS]=$(sed -n 's/^KPI scorecards of \([0-9]*\) KAMs\{0,1\} computed.*/\1/p' "$work/refresh-$db.txt")
    R[${D}_REFRESH_KAMS_S]=$(sed -n 's/^KPI scorecards of .* computed and stored in \([0-9.]*\) s\./\1/p' "$work/refresh-$db.txt")
    bench prepare "${db_args[@]}" --kam "$kam" >"$work/prepare-$db.txt"
    read_values "$work/prepare-$db.txt" "$D"
    kam_token=${R[${D}_KAM_TOKEN]} kam_id=${R[${D}_KAM_ID]} kam_account=${R[${D}_KAM_ACCOUNT]}

    # Keystone and the bare baseline, one at a time on the server's core.
    port=$(free_port 5600)
    ASPNETCORE_ENVIRONMENT=Production taskset -c "$server_cpu" dotnet "$(bin Keystone.Cli keystone.dll)" serve --urls "http://127.0.0.1:$port" "${db_args[@]}" \
        >"$work/keystone-$db.log" 2>&1 &
    keystone_pid=$!
    pids+=("$keystone_pid")
    wait_http "http://127.0.0.1:$port/healthz"
    base="http://127.0.0.1:$port"
    list="$base/api/v1/accounts?country=DE&sort=name&pageSize=50"
    summary="$base/api/v1/accounts/$kam_account"
    # Warm-up: JIT, caches and connection pools, as on a server that has been up for a while.
    warm "$list" "$kam_token"
    warm "$summary" "$kam_token"
    warm "$base/api/v1/me" "$kam_token"
    warm "$base/api/v1/tokens/current" "$kam_token"

    log "$provider: API under wrk ($connections connections, ${seconds} s each)..."
    measure "${D}_K_LIST" "$list" "$kam_token"
    measure "${D}_K_SUMMARY" "$summary" "$kam_token"
    measure "${D}_K_ME" "$base/api/v1/me" "$kam_token"
    measure "${D}_K_TOKEN" "$base/api/v1/tokens/current" "$kam_token"
    half=$(awk -v r="${R[${D}_K_LIST_RPS]}" 'BEGIN { h = r / 2; if (h < 1) h = 1; printf "%.0f", h }')
    bench load --url "$list" --token "$kam_token" --rate "$half" --seconds "$seconds" --prefix LIST_HALF >"$work/load-$db.txt"
    read_values "$work/load-$db.txt" "$D"

    log "$provider: pages in Chromium..."
    pages() {
        bench pages --base "$base" --email admin@scale.keystone.test --password "${R[${D}_PASSWORD]}" \
            --median "$median" --skewed "$skewed" --runs "$runs" --warmups "$((1 - quick))" --timeout-ms "$((60000 - 40000 * quick))" >"$work/pages-$db.txt" 2>"$work/pages-$db.err"
    }
    # A page that does not become interactive is a failure of Keystone, not a slow page: the figures are
    # n/a in the report and the run fails at the end.
    pages || {
        echo "The page timings failed on $provider (their figures are n/a in the report):"
        grep -h 'Unhandled exception in circuit' -A 3 "$work/keystone-$db.log" | head -n 8
        tail -n 5 "$work/pages-$db.err"
        page_failures="$page_failures $provider"
    }
    read_values "$work/pages-$db.txt" "$D"
    R[${D}_PEAK_RSS_MB]=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$keystone_pid/status")
    kill "$keystone_pid"; wait "$keystone_pid" 2>/dev/null || true

    ASPNETCORE_ENVIRONMENT=Production taskset -c "$server_cpu" dotnet "$(bin Keystone.Bench.Bare Keystone.Bench.Bare.dll)" --urls "http://127.0.0.1:$port" \
        --Provider "$provider" --Connection "$connection" >"$work/bare-$db.log" 2>&1 &
    bare_pid=$!
    pids+=("$bare_pid")
    wait_http "http://127.0.0.1:$port/ping"
    warm "http://127.0.0.1:$port/accounts?kam=$kam_id&country=DE"
    warm "http://127.0.0.1:$port/accounts/$kam_account"
    warm "http://127.0.0.1:$port/ping"
    measure "${D}_B_LIST" "http://127.0.0.1:$port/accounts?kam=$kam_id&country=DE"
    measure "${D}_B_SUMMARY" "http://127.0.0.1:$port/accounts/$kam_account"
    measure "${D}_B_PING" "http://127.0.0.1:$port/ping"
    kill "$bare_pid"; wait "$bare_pid" 2>/dev/null || true

    log "$provider: KPIs, engine against hand-written SQL..."
    bench kpi "${db_args[@]}" --kam "$kam" --from "$first_month" --to 2026-10 --runs "$runs" >"$work/kpi-$db.txt" || true
    read_values "$work/kpi-$db.txt" "$D"

    log "$provider: importing $import_lines invoice lines..."
    start=$(now)
    keystone import invoices "$csv" --source scale --columns "${R[CSV_CSV_COLUMNS]}" \
        --rejects "$work/rejects.csv" "${db_args[@]}" >"$work/import-$db.txt" 2>&1 || { tail -n 5 "$work/import-$db.txt"; exit 1; }
    R[${D}_IMPORT_S]=$(awk -v s="$start" -v e="$(now)" 'BEGIN { printf "%.2f", e - s }')
    R[${D}_IMPORT_LPS]=$(awk -v n="$import_lines" -v t="${R[${D}_IMPORT_S]}" 'BEGIN { printf "%.0f", n / t }')
    if [ "$db" = postgres ]; then
        psql_args=(-h 127.0.0.1 -p "$pg_port" -U keystone -d keystone_bench -v ON_ERROR_STOP=1 -q)
        psql "${psql_args[@]}" -c "CREATE TABLE bench_copy (invoice text, line int, date date, customer text, customer_name text, product text, product_name text, qty numeric, price numeric, currency text, cost numeric)"
        start=$(now)
        psql "${psql_args[@]}" -c "\\copy bench_copy FROM '$csv' WITH (FORMAT csv, HEADER true)"
        R[POSTGRES_COPY_S]=$(awk -v s="$start" -v e="$(now)" 'BEGIN { printf "%.2f", e - s }')
        psql "${psql_args[@]}" -c "DROP TABLE bench_copy"
    fi
done

# --- the report --------------------------------------------------------------------------
v() { echo "${R[$1]:-n/a}"; }
{
    echo "# Keystone benchmarks, $(date -u +%Y-%m-%d) on $(hostname -s)"
    echo
    [ "$quick" = 1 ] && echo "**Quick run** (tiny data, 1-second loads): it checks that the benchmarks run, its figures mean nothing." && echo
    echo "- Machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) memory, $(. /etc/os-release; echo "$PRETTY_NAME")"
    echo "- Versions: .NET $(dotnet --version), $("$pg_bin/postgres" --version 2>/dev/null || echo PostgreSQL n/a), SQLite (Microsoft.Data.Sqlite bundle), $(wrk --version 2>&1 | head -n 1 | awk '{print $1, $2}'), $(chromium --version 2>/dev/null)"
    echo "- Commit: $(git rev-parse --short HEAD 2>/dev/null || echo n/a)$(git diff --quiet -- . ':!bench/results' 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "- Data: $accounts accounts, $contacts contacts, $activities activities ($skew on one account), $lines invoice lines over 24 months; import of $import_lines lines"
    echo "- Pinning: server and PostgreSQL on core $server_cpu, wrk / load / Chromium / KPI client on core $client_cpu; wrk -t1 -c$connections for ${seconds} s per endpoint, after ${warm_seconds} s of load on each endpoint and ${settle_seconds} s more right before its run; PostgreSQL with fsync=off"
    echo "- Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    for db in $databases; do
        D=${db^^}
        list_ratio=$(ratio "$(v ${D}_K_LIST_RPS)" "$(v ${D}_B_LIST_RPS)")
        summary_ratio=$(ratio "$(v ${D}_K_SUMMARY_RPS)" "$(v ${D}_B_SUMMARY_RPS)")
        host_ratio=$(ratio "$(v ${D}_K_TOKEN_RPS)" "$(v ${D}_B_PING_RPS)")
        company=$(ratio "$(v ${D}_KPI_COMPANY_ENGINE_MS)" "$(v ${D}_KPI_COMPANY_HAND_MS)")
        kam=$(ratio "$(v ${D}_KPI_KAM_ENGINE_MS)" "$(v ${D}_KPI_KAM_HAND_MS)")
        skew_ratio=$(ratio "$(v ${D}_PAGE_SKEWED_READY_MS)" "$(v ${D}_PAGE_MEDIAN_READY_MS)")
        echo
        echo "## ${db^}"
        echo
        echo "Seeded in $(v ${D}_SEED_S) s (\`keystone seed scale\`, including migrations and ANALYZE)."
        echo
        echo "| Benchmark | Keystone | Baseline | Ratio | Target | Result |"
        echo "| --- | --- | --- | --- | --- | --- |"
        echo "| API account list (KAM, DE, by name, 50 a page): requests/s | $(v ${D}_K_LIST_RPS) | $(v ${D}_B_LIST_RPS) (bare Kestrel) | $list_ratio | ≥ 0.5 | $(verdict "$list_ratio" ">=" 0.5) |"
        echo "| ... p50 / p99 at full load (ms) | $(v ${D}_K_LIST_P50_MS) / $(v ${D}_K_LIST_P99_MS) | $(v ${D}_B_LIST_P50_MS) / $(v ${D}_B_LIST_P99_MS) | | | |"
        echo "| ... p99 at half of Keystone's peak, $(v ${D}_LIST_HALF_RATE) requests/s (ms) | $(v ${D}_LIST_HALF_P99_MS) (p50 $(v ${D}_LIST_HALF_P50_MS), $(v ${D}_LIST_HALF_FAILURES) failed) | | | ≤ 100 | $(verdict "$(v ${D}_LIST_HALF_P99_MS)" "<=" 100) |"
        echo "| API account summary: requests/s | $(v ${D}_K_SUMMARY_RPS) | $(v ${D}_B_SUMMARY_RPS) | $summary_ratio | ≥ 0.5 | $(verdict "$summary_ratio" ">=" 0.5) |"
        echo "| ... p50 / p99 (ms) | $(v ${D}_K_SUMMARY_P50_MS) / $(v ${D}_K_SUMMARY_P99_MS) | $(v ${D}_B_SUMMARY_P50_MS) / $(v ${D}_B_SUMMARY_P99_MS) | | | |"
        echo "| Host overhead: \`/api/v1/tokens/current\` (authenticated, no database) vs bare \`/ping\`: requests/s | $(v ${D}_K_TOKEN_RPS) | $(v ${D}_B_PING_RPS) | $host_ratio | ≥ 0.9 | $(verdict "$host_ratio" ">=" 0.9) |"
        echo "| ... \`/api/v1/me\` (authenticated, one query) vs bare \`/ping\`: requests/s | $(v ${D}_K_ME_RPS) | $(v ${D}_B_PING_RPS) | $(ratio "$(v ${D}_K_ME_RPS)" "$(v ${D}_B_PING_RPS)") | | |"
        echo "| KPIs, company, 24 months, stored figures as after an import's refresh (ms, median of $runs) | $(v ${D}_KPI_COMPANY_ENGINE_MS) | $(v ${D}_KPI_COMPANY_HAND_MS) (hand SQL) | $company | ≤ 1.5 | $(verdict "$company" "<=" 1.5) |"
        echo "| ... first call after a write, computed and stored (cold, ms) | $(v ${D}_KPI_COMPANY_COLD_MS) | $(v ${D}_KPI_COMPANY_HAND_MS) (hand SQL) | $(ratio "$(v ${D}_KPI_COMPANY_COLD_MS)" "$(v ${D}_KPI_COMPANY_HAND_MS)") | | |"
        echo "| ... computing and storing the dashboard's figures after a write (\`keystone kpi refresh\`: the company's 24 months, quarters and years, then each KAM's 24 months): s / peak MB | $(v ${D}_REFRESH_S) / $(v ${D}_REFRESH_RSS_MB) (company $(v ${D}_REFRESH_COMPANY_S) s, $(v ${D}_REFRESH_KAMS) KAMs $(v ${D}_REFRESH_KAMS_S) s) | | | | |"
        echo "| ... company dashboard (KPIs, meetings and calls) under 1 s | $(v ${D}_KPI_COMPANY_DASHBOARD_MS) ms | | | < 1000 ms | $(verdict "$(v ${D}_KPI_COMPANY_DASHBOARD_MS)" "<=" 999.9) |"
        echo "| KPIs, one KAM's scorecard, 24 months, stored figures from the second view after a write (ms) | $(v ${D}_KPI_KAM_ENGINE_MS) | $(v ${D}_KPI_KAM_HAND_MS) (hand SQL) | $kam | ≤ 1.5 | $(verdict "$kam" "<=" 1.5) |"
        echo "| ... first view after a write, computed and stored (cold, ms) | $(v ${D}_KPI_KAM_COLD_MS) | $(v ${D}_KPI_KAM_HAND_MS) (hand SQL) | $(ratio "$(v ${D}_KPI_KAM_COLD_MS)" "$(v ${D}_KPI_KAM_HAND_MS)") | | |"
        echo "| ... same figures as the hand SQL (revenue, active, retained per month) | company: $(v ${D}_KPI_COMPANY_EQUAL), KAM: $(v ${D}_KPI_KAM_EQUAL) | | | equal | |"
        if [ "$db" = postgres ]; then
            copy_ratio=$(ratio "$(v POSTGRES_COPY_S)" "$(v POSTGRES_IMPORT_S)")
            echo "| Import of $import_lines lines (s) | $(v ${D}_IMPORT_S) ($(v ${D}_IMPORT_LPS) lines/s) | $(v POSTGRES_COPY_S) (psql \\copy into a bare table) | $copy_ratio | ≥ 0.5 | $(verdict "$copy_ratio" ">=" 0.5) |"
        else
            echo "| Import of $import_lines lines: lines/s | $(v ${D}_IMPORT_LPS) ($(v ${D}_IMPORT_S) s) | | | ≥ 100,000 | $(verdict "$(v ${D}_IMPORT_LPS)" ">=" 100000) |"
        fi
        echo "| Page: account list, LCP / ready (ms) | $(v ${D}_PAGE_LIST_LCP_MS) / $(v ${D}_PAGE_LIST_READY_MS) | | | LCP ≤ 1000 | $(verdict "$(v ${D}_PAGE_LIST_LCP_MS)" "<=" 1000) |"
        echo "| Page: median account, LCP / ready (ms) | $(v ${D}_PAGE_MEDIAN_LCP_MS) / $(v ${D}_PAGE_MEDIAN_READY_MS) | | | LCP ≤ 1000 | $(verdict "$(v ${D}_PAGE_MEDIAN_LCP_MS)" "<=" 1000) |"
        echo "| Page: skewed account ($skew activities), LCP / ready (ms) | $(v ${D}_PAGE_SKEWED_LCP_MS) / $(v ${D}_PAGE_SKEWED_READY_MS) | median's ready | $skew_ratio | ≤ 2 | $(verdict "$skew_ratio" "<=" 2) |"
        echo "| Server peak RSS over the API and page runs (MB) | $(v ${D}_PEAK_RSS_MB) | | | ≤ 500 | $(verdict "$(v ${D}_PEAK_RSS_MB)" "<=" 500) |"
        echo
        echo "<details><summary>Seed log</summary>"
        echo
        echo '```'
        cat "$work/seed-$db.log"
        echo '```'
        echo "</details>"
    done
} >"$results"
cat "$results"
log "Results: $results"
if grep -q "KPI_.*_EQUAL=no" "$work"/kpi-*.txt 2>/dev/null; then
    echo "The KPI engine and the hand-written SQL disagree." >&2
    exit 1
fi
if [ -n "$page_failures" ]; then
    echo "Pages did not become interactive on:$page_failures." >&2
    exit 1
fi
