#!/usr/bin/env bash
# Runs every Keystone test on SQLite and PostgreSQL and the browser tests in Chromium.
# Installs what it needs (Debian's postgresql and chromium, the dotnet-ef tool, @redocly/cli),
# starts a private PostgreSQL cluster on a free port and removes it afterwards.
# The last line is the total over every run: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
out="$root/.test-output"
rm -rf "$out"
mkdir -p "$out"

passed=0
failed=0
check() { # name, command...: a check of this script that counts as one test
    local name=$1
    shift
    if "$@" >"$out/$name.log" 2>&1; then
        passed=$((passed + 1))
        echo "ok    $name"
    else
        failed=$((failed + 1))
        echo "FAIL  $name (see .test-output/$name.log)"
        tail -n 30 "$out/$name.log"
    fi
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- what the tests need -------------------------------------------------------------
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ] || ! command -v chromium >/dev/null; then
    echo "Installing postgresql and chromium from Debian..."
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql chromium >/dev/null
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
export KEYSTONE_CHROMIUM=${KEYSTONE_CHROMIUM:-$(command -v chromium)}
# The importer and parser tests read real third-party files from shared/datasets beside the checkout
# (never copied into it); without them those tests fail, each naming the file it needs.
datasets=$(cd .. && pwd)/shared/datasets
[ -d "$datasets" ] || echo "Note: $datasets is missing; the dataset tests will fail. Check out shared/ next to this repository."

# --- a private PostgreSQL cluster ----------------------------------------------------
pg_dir=$(mktemp -d)
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
cleanup() {
    run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$pg_dir"
}
trap cleanup EXIT
free_port() { local p=$1; while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }
if ! run_pg "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U keystone -E UTF8 >"$out/initdb.log" 2>&1; then
    tail -n 20 "$out/initdb.log"
    echo "initdb failed (the PostgreSQL tests will fail)."
fi
# A port can be taken between the check and the bind (or held by a socket that does not listen):
# try a few, and show the server's own log when it does not start.
port=55432
pg_started=0
for attempt in 1 2 3 4 5; do
    port=$(free_port "$port")
    if run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -t 120 start \
        -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" >"$out/pg_ctl.log" 2>&1; then
        pg_started=1
        break
    fi
    echo "PostgreSQL did not start on port $port (attempt $attempt):"
    tail -n 10 "$pg_dir/log" 2>/dev/null || cat "$out/pg_ctl.log"
    run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1
    port=$((port + 1))
    sleep 2
done
[ "$pg_started" = 1 ] || echo "PostgreSQL could not be started; the PostgreSQL tests will fail."
cp "$pg_dir/log" "$out/postgres-start.log" 2>/dev/null
export KEYSTONE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=keystone;Include Error Detail=true"
echo "PostgreSQL is on 127.0.0.1:$port"

# --- build ---------------------------------------------------------------------------
dotnet tool restore >/dev/null
if ! dotnet build Keystone.slnx -c Release -nologo -v q >"$out/build.log" 2>&1; then
    grep -E "error|Error" "$out/build.log" | sort -u | head -n 40
    echo "The build failed."
    echo "$passed passed, $((failed + 1)) failed"
    exit 1
fi

# --- migrations match the model, for each provider -----------------------------------
for provider in Sqlite Postgres; do
    check "migrations-$provider" dotnet ef migrations has-pending-model-changes --no-build --configuration Release \
        --project "src/Keystone.Data.$provider" --startup-project "src/Keystone.Data.$provider"
done

# --- the test projects -----------------------------------------------------------------
export KEYSTONE_OPENAPI_OUT="$out/openapi.json"
for project in Keystone.Core.Tests Keystone.Web.Tests Keystone.Browser.Tests; do
    echo "Running $project..."
    dotnet test "tests/$project" -c Release --no-build -nologo \
        --logger "trx;LogFileName=$project.trx" --results-directory "$out" >"$out/$project.log" 2>&1
    trx="$out/$project.trx"
    if [ ! -f "$trx" ]; then
        echo "FAIL  $project wrote no results (see .test-output/$project.log)"
        tail -n 30 "$out/$project.log"
        failed=$((failed + 1))
        continue
    fi
    counters=$(grep -o '<Counters [^>]*>' "$trx")
    p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
    f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
    e=$(sed -E 's/.* error="([0-9]+)".*/\1/' <<<"$counters")
    passed=$((passed + p))
    failed=$((failed + f + e))
    echo "      $project: $p passed, $((f + e)) failed"
    if [ "$((f + e))" != 0 ]; then
        grep -E "^\s+(Failed|Error Message)" -A 4 "$out/$project.log" | head -n 60
    fi
done

# --- the OpenAPI document passes Redocly's linter ---------------------------------------
if [ -f "$KEYSTONE_OPENAPI_OUT" ]; then
    check "openapi-lint" npx --yes @redocly/cli@2.77.0 lint "$KEYSTONE_OPENAPI_OUT" --format stylish
else
    failed=$((failed + 1))
    echo "FAIL  openapi-lint: the Web tests wrote no OpenAPI document"
fi

# --- the benchmarks still run (tiny data, seconds; bench/README.md) -----------------------
check bench-quick bench/run.sh --quick --no-build

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
