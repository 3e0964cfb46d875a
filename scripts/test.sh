#!/usr/bin/env bash
# Runs the whole test suite against a throwaway PostgreSQL (installed when missing, started on a free port,
# removed afterwards) and ends with one line: "N passed, N failed, N skipped", counted from the TRX results.
# Extra arguments go to `dotnet test`, e.g. scripts/test.sh --filter "FullyQualifiedName~Seed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source "$root/scripts/lib/postgres.sh"
source "$root/scripts/lib/chromium.sh"

if [ -n "${CAPACITYCOOP_TEST_ADMIN_CONNECTION:-}" ]; then
  # An existing server (e.g. a CI service container) where the tests may create and drop databases.
  echo "Test PostgreSQL from CAPACITYCOOP_TEST_ADMIN_CONNECTION"
else
  pg_ensure_installed || exit 1
  data=$(mktemp -d /tmp/capacitycoop-test-pg.XXXXXX)
  port=$(pg_free_port 55433)
  cleanup() { pg_stop "$data"; rm -rf "$data"; }
  trap cleanup EXIT
  # A throwaway cluster does not need durability; turning it off makes the suite faster.
  PG_FSYNC=off PG_SYNCHRONOUS_COMMIT=off pg_start "$data" "$port" || exit 1
  export CAPACITYCOOP_TEST_ADMIN_CONNECTION="Host=127.0.0.1;Port=$port;Database=postgres;Username=postgres;Include Error Detail=true"
  echo "Test PostgreSQL on port $port (data in $data, removed at the end)"
fi

chromium_ensure_installed || { echo "Chromium could not be installed: the browser tests will fail" >&2; }

results="$root/artifacts/test-results"
rm -rf "$root/artifacts/screenshots"
rm -rf "$results"
# -m:1 runs the test projects one after another: the browser tests get the two cores to themselves.
dotnet test "$root/CapacityCoop.sln" -c Release -m:1 \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?

passed=0 failed=0 skipped=0
shopt -s nullglob
for trx in "$results"/*.trx "$results"/*/*.trx; do
  counters=$(grep -o '<Counters [^>]*' "$trx")
  count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]\+' || echo 0; }
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
  skipped=$((skipped + $(count notExecuted)))
done

echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
