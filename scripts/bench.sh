#!/usr/bin/env bash
# Measures the PRODUCT.md performance targets on this machine, on the local database (scripts/db.sh):
#   - agreement search API (one partner country + one sector, newest 50, with total count) at 32 concurrent clients
#   - country profile (API and page), search page, home page
#   - CSV export of every agreement: time, size and the server's peak RSS (flat memory)
# Loads 100,000 agreements and 300,000 projects with generate-demo when fewer are present.
# Usage: scripts/bench.sh [--duration 20] [--connections 32]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
duration=20 connections=32
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
export ConnectionStrings__Portal=${ConnectionStrings__Portal:-$("$root/scripts/db.sh" start)}
psql_count() { "$(ls -d /usr/lib/postgresql/*/bin | head -1)/psql" "$(echo "$ConnectionStrings__Portal" | sed 's/Host=/host=/;s/;Port=/ port=/;s/;Database=/ dbname=/;s/;Username=/ user=/')" -tAc "$1"; }

dotnet publish src/CapacityCoop.Web -c Release -o artifacts/bench-app -v quiet >/dev/null
if [ "$(psql_count "select count(*) from agreements" 2>/dev/null || echo 0)" -lt 100000 ]; then
  dotnet artifacts/bench-app/CapacityCoop.Web.dll generate-demo --agreements 100000 --projects 300000 --seed 42 --contentRoot artifacts/bench-app
fi

port=5181
ASPNETCORE_ENVIRONMENT=Production Serilog__MinimumLevel__Default=Warning RateLimiting__ReadPermitsPerMinute=100000000 \
  dotnet artifacts/bench-app/CapacityCoop.Web.dll --contentRoot "$root/artifacts/bench-app" --urls "http://127.0.0.1:$port" >/tmp/capacitycoop-bench.log 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 1; done

run() { # name, target, path
  local name=$1 target=$2 path=$3
  local status; status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")
  [ "$status" = 200 ] || { echo "$path answered $status: not measured (see /tmp/capacitycoop-bench.log)" >&2; return; }
  wrk -t2 -c"$connections" -d2s "http://127.0.0.1:$port$path" >/dev/null   # warm up (JIT, caches, connection pool)
  local out; out=$(wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency "http://127.0.0.1:$port$path")
  local rps p50 p90 p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}'); p90=$(echo "$out" | awk '$1=="90%" {print $2}'); p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  printf '%-34s %8s req/s  p50 %-9s p90 %-9s p99 %-9s (target: %s)\n' "$name" "$rps" "$p50" "$p90" "$p99" "$target"
  if echo "$out" | grep -q "Non-2xx"; then echo "  WARNING: $(echo "$out" | grep "Non-2xx")"; fi
}

# Cold: the first request for each page right after a change (every cached result is then stale). Each page is
# requested once before, so the figures show the database work, not the JIT compiling the code on first use.
cold_paths=("/agreements?country=KAZ" "/agreements" "/countries/KAZ" "/countries/BRA" "/countries/CHN" "/projects" "/")
for path in "${cold_paths[@]}"; do curl -s -o /dev/null "http://127.0.0.1:$port$path"; done
psql_count "update sectors set name_en = name_en where code = 'steel'" >/dev/null
for path in "${cold_paths[@]}"; do
  printf 'cold %-32s %s\n' "$path" "$(curl -s -o /dev/null -w '%{http_code} in %{time_total} s' "http://127.0.0.1:$port$path")"
done

echo "== $(date -u +%FT%TZ), $(nproc) cores, $connections connections, ${duration}s each"
run "API search country+sector (50)" "p99 < 50ms" "/api/v1/agreements?country=KAZ&sector=steel&pageSize=50"
run "API search (no filter)" "-" "/api/v1/agreements"
run "API agreement detail" "-" "/api/v1/agreements/5000"
run "API country detail" "-" "/api/v1/countries/KAZ"
run "page /countries/KAZ" "p95 < 100ms" "/countries/KAZ"
run "page /agreements?country=KAZ" "< 300ms" "/agreements?country=KAZ"
run "page / (home)" "-" "/"

peak=0
( while kill -0 $app 2>/dev/null; do awk '/VmRSS/ {print $2}' /proc/$app/status; sleep 0.2; done ) > /tmp/capacitycoop-rss.log &
sampler=$!
before=$(awk '/VmRSS/ {print $2}' /proc/$app/status)
stats=$(curl -s -o /tmp/capacitycoop-all.csv -w "%{time_total}s %{size_download}" "http://127.0.0.1:$port/api/v1/agreements?format=csv")
kill $sampler 2>/dev/null || true
peak=$(sort -n /tmp/capacitycoop-rss.log | tail -1)
echo "CSV export of all agreements: $(($(wc -l < /tmp/capacitycoop-all.csv) - 1)) rows, ${stats#* } bytes in ${stats%% *}; RSS before $((before / 1024)) MB, peak $((peak / 1024)) MB"
