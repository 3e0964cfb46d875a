#!/usr/bin/env bash
# Measures the PRODUCT.md performance targets on this machine, on the local database (scripts/db.sh), in two parts:
#   quiet (the data does not change while it is read):
#     - the first view of each page right after a change (cold)
#     - agreement search API (one partner country + one sector, newest 50, with total count) at 32 concurrent clients
#     - agreement detail, country detail (API), country profile, search and home pages
#     - CSV export of every agreement: rows, time, size and the server's peak RSS (flat memory)
#   mixed (issue "Fast while the data changes"): the same reads while a writer makes one API write a second
#     - search list, agreement detail, value-by-year (API) and the pages /, /agreements?country=KAZ, /countries/CHN,
#       /projects at 32 clients: req/s, p50, p99, non-2xx responses and socket errors
#     - the first view of each page after a write (5 times, median)
#     - the writer's own failures and the server's peak RSS over the whole mixed part
# Then a summary of every target with PASS/FAIL. A missed target is reported, not an error: the exit status is 0
# whenever the measurements could be made. Figures and logs land in artifacts/bench/; each run's figures are kept in
# artifacts/bench/history/ and the quiet ones are compared with the previous run's.
# Loads 100,000 agreements and 300,000 projects with generate-demo when fewer are present.
# Usage: scripts/bench.sh [--duration 20] [--connections 32] [--quiet-only | --mixed-only]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
usage="usage: scripts/bench.sh [--duration 20] [--connections 32] [--quiet-only | --mixed-only]"
duration=20 connections=32 quiet=true mixed=true
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --quiet-only) mixed=false; shift ;;
    --mixed-only) quiet=false; shift ;;
    -h|--help) echo "$usage"; exit 0 ;;
    *) echo "unknown option $1; $usage" >&2; exit 2 ;;
  esac
done
$quiet || $mixed || { echo "--quiet-only and --mixed-only exclude each other; $usage" >&2; exit 2; }

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v jq >/dev/null || missing+=(jq)
if [ ${#missing[@]} -gt 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; fi
export ConnectionStrings__Portal=${ConnectionStrings__Portal:-$("$root/scripts/db.sh" start)}
# Production refuses to start with the data-protection keys unencrypted (ADR-013).
source "$root/scripts/lib/dataprotection.sh"
dp_use_local_certificate "$root"
psql_count() { "$(ls -d /usr/lib/postgresql/*/bin | head -1)/psql" "$(echo "$ConnectionStrings__Portal" | sed 's/Host=/host=/;s/;Port=/ port=/;s/;Database=/ dbname=/;s/;Username=/ user=/')" -tAc "$1"; }

app_dir="$root/artifacts/bench-app"
dotnet publish src/CapacityCoop.Web -c Release -o "$app_dir" -v quiet >/dev/null
if [ "$(psql_count "select count(*) from agreements" 2>/dev/null || echo 0)" -lt 100000 ]; then
  dotnet "$app_dir/CapacityCoop.Web.dll" generate-demo --agreements 100000 --projects 300000 --seed 42 --contentRoot "$app_dir"
fi

out="$root/artifacts/bench"
mkdir -p "$out/history"
rm -rf "$out/wrk" "$out/writer" "$out"/rss-*.log && mkdir -p "$out/wrk" "$out/writer"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
history="$out/history/$stamp.tsv"
settings="duration=$duration connections=$connections cores=$(nproc)"
echo "# $stamp $settings" > "$history"

# The first free port from 5181 up, so that benchmarks of other checkouts on this machine do not collide.
port=5181
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
base="http://127.0.0.1:$port"
ASPNETCORE_ENVIRONMENT=Production Portal__PublicBaseUrl="$base" Serilog__MinimumLevel__Default=Warning \
  RateLimiting__ReadPermitsPerMinute=100000000 RateLimiting__WritePermitsPerMinute=100000000 RateLimiting__PagePermitsPerMinute=100000000 \
  dotnet "$app_dir/CapacityCoop.Web.dll" --contentRoot "$app_dir" --urls "$base" >"$out/app.log" 2>&1 &
app=$!
writer="" sampler=""
cleanup() {
  [ -n "$writer" ] && { touch "$out/writer/stop"; kill "$writer" 2>/dev/null || true; }
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true
  kill "$app" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 60); do curl -sf "$base/health/ready" >/dev/null && break; sleep 1; done
curl -sf "$base/health/ready" >/dev/null || { echo "the app did not become ready on $base; see $out/app.log:" >&2; tail -20 "$out/app.log" >&2; exit 1; }

# --- helpers -------------------------------------------------------------------------------------------------------

# rss_start FILE / rss_stop FILE: sample the server's VmRSS (kB) every 0.2 s; rss_stop sets rss_peak (MB).
rss_start() {
  ( while kill -0 "$app" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$app/status" 2>/dev/null; sleep 0.2; done ) > "$1" &
  sampler=$!
}
rss_stop() {
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  sampler=""
  rss_peak=$(($(sort -n "$1" | tail -1) / 1024))
}

# settle: waits (up to 30 s) until the database runs no query but its own and prints how many seconds that took.
# wrk drops its connections when a run ends, but the server goes on with the requests it had started (up to 32 slow
# ones after a write); without this they would slow down the start of the next measurement.
settle() {
  local start; start=$(date +%s.%N)
  for _ in $(seq 150); do
    [ "$(psql_count "select count(*) from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and state = 'active' and pid <> pg_backend_pid()")" = 0 ] && break
    sleep 0.2
  done
  awk -v s="$start" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f\n", now - s }'
}

# answers PATH: 0 when PATH answers 200, else prints why it is not measured.
answers() {
  local status; status=$(curl -s -o /dev/null -w '%{http_code}' "$base$1")
  [ "$status" = 200 ] && return 0
  printf '%-36s not measured: %s answered %s (see %s)\n' "$1" "$1" "$status" "$out/app.log"
  return 1
}

# measure NAME PATH WARMUP_SECONDS: wrk at $connections clients for $duration s, after a warm-up (JIT, caches,
# connection pool) when WARMUP_SECONDS > 0. Sets m_requests (completed), m_rps, m_p50, m_p90, m_p95, m_p99 (ms; empty
# when no request completed), m_non2xx, m_socket (connect, read, write errors and timeouts) and m_note. Requests still
# waiting for an answer when the run ends are in none of these (wrk's way); settle shows how much work they left.
measure() {
  local name=$1 path=$2 warm=$3 waited file
  m_requests="" m_rps="" m_p50="" m_p90="" m_p95="" m_p99="" m_non2xx=0 m_socket=0 m_note=""
  waited=$(settle)
  if awk -v w="$waited" 'BEGIN { exit !(w >= 1) }'; then m_note="  [waited ${waited} s for the server to finish earlier requests]"; fi
  if [ "$warm" -gt 0 ]; then wrk -t2 -c"$connections" -d"${warm}s" "$base$path" >/dev/null; fi
  file="$out/wrk/$part-${name//[^A-Za-z0-9]/_}.txt"
  # wrk leaves a response slower than --timeout out of its percentiles (it counts it as a socket error instead): with
  # a timeout longer than the run every completed request is in p50/p99, however slow.
  wrk -t2 -c"$connections" -d"${duration}s" --timeout "$((duration + 10))s" --latency -s "$root/scripts/lib/wrk-report.lua" "$base$path" > "$file"
  # The WRK_REPORT line (microseconds) as: requests req/s p50 p90 p95 p99 (ms) non-2xx socket-errors.
  read -r m_requests m_rps m_p50 m_p90 m_p95 m_p99 m_non2xx m_socket <<< "$(awk '/^WRK_REPORT/ {
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      printf "%d %.0f %.1f %.1f %.1f %.1f %d %d\n", v["requests"], v["requests"] / (v["duration_us"] / 1e6),
        v["p50_us"] / 1000, v["p90_us"] / 1000, v["p95_us"] / 1000, v["p99_us"] / 1000,
        v["non2xx"], v["connect"] + v["read"] + v["write"] + v["timeout"] }' "$file")"
  if [ -z "$m_requests" ]; then
    m_rps="" m_p50="" m_p90="" m_p95="" m_p99="" m_non2xx=0 m_socket=0 m_note="  [wrk printed no report; see $file]"
  elif [ "$m_requests" -eq 0 ]; then
    m_p50="" m_p90="" m_p95="" m_p99="" m_note="  [no request completed in ${duration} s]$m_note"
  fi
}

# Summary rows: part, target, measured, PASS/FAIL.
summary=()
# check PART TARGET MEASURED VALUE OP LIMIT: PASS when VALUE OP LIMIT (OP: <, >=, ==); FAIL when VALUE is empty.
check() {
  local part=$1 target=$2 measured=$3 value=$4 op=$5 limit=$6 verdict=FAIL
  if [ -n "$value" ] && awk -v a="$value" -v op="$op" -v b="$limit" \
    'BEGIN { exit !((op == "<" && a + 0 < b + 0) || (op == ">=" && a + 0 >= b + 0) || (op == "==" && a + 0 == b + 0)) }'; then
    verdict=PASS
  fi
  [ -n "$value" ] || measured="no figure"
  summary+=("$(printf '%-6s %-70s %-22s %s' "$part" "$target" "$measured" "$verdict")")
}

# The load average says how much else this machine was doing: the figures are only comparable on a quiet machine.
echo "== $(date -u +%FT%TZ), $(nproc) cores (load average $(cut -d' ' -f1-3 /proc/loadavg)), $connections connections, ${duration}s each; app on $base, logs in $out"

# --- quiet ---------------------------------------------------------------------------------------------------------

if $quiet; then
  part=quiet
  echo "-- quiet data"
  part_start=$SECONDS
  # Cold: the first request for each page right after a change (every cached result is then stale). Each page is
  # requested once before, so the figures show the database work, not the JIT compiling the code on first use.
  cold_paths=("/agreements?country=KAZ" "/agreements" "/countries/KAZ" "/countries/BRA" "/countries/CHN" "/projects" "/")
  for path in "${cold_paths[@]}"; do curl -s -o /dev/null "$base$path"; done
  psql_count "update sectors set name_en = name_en where code = 'steel'" >/dev/null
  for path in "${cold_paths[@]}"; do
    printf 'cold %-32s %s\n' "$path" "$(curl -s -o /dev/null -w '%{http_code} in %{time_total} s' "$base$path")"
  done

  quiet_run() { # name, target, path
    m_rps="" m_p50="" m_p90="" m_p95="" m_p99=""
    if answers "$3" && measure "$1" "$3" 2; then
      printf '%-36s %6s req/s  p50 %7s ms  p90 %7s ms  p95 %7s ms  p99 %7s ms  non-2xx %s, socket errors %s  (target: %s)%s\n' \
        "$1" "$m_rps" "${m_p50:--}" "${m_p90:--}" "${m_p95:--}" "${m_p99:--}" "$m_non2xx" "$m_socket" "$2" "$m_note"
      printf 'quiet\t%s\t%s\t%s\t%s\n' "$1" "$m_rps" "$m_p50" "$m_p99" >> "$history"
    fi
  }
  quiet_run "API search country+sector (50)" "p99 < 50 ms" "/api/v1/agreements?country=KAZ&sector=steel&pageSize=50"
  check quiet "API search country+sector (50): p99 < 50 ms" "p99 ${m_p99:-?} ms" "$m_p99" "<" 50
  quiet_run "API search (no filter)" "-" "/api/v1/agreements"
  quiet_run "API agreement detail" "-" "/api/v1/agreements/5000"
  quiet_run "API country detail" "-" "/api/v1/countries/KAZ"
  quiet_run "page /countries/KAZ" "p95 < 100 ms" "/countries/KAZ"
  check quiet "page /countries/KAZ: p95 < 100 ms" "p95 ${m_p95:-?} ms" "$m_p95" "<" 100
  quiet_run "page /agreements?country=KAZ" "p99 < 300 ms" "/agreements?country=KAZ"
  check quiet "page /agreements?country=KAZ: p99 < 300 ms" "p99 ${m_p99:-?} ms" "$m_p99" "<" 300
  quiet_run "page / (home)" "-" "/"

  # "Quiet-data figures must not fall below today's": beside the previous run's with the same settings (the figures
  # also depend on what else this machine is doing).
  previous=$(grep -l -x "# [^ ]* $settings" "$out/history/"*.tsv 2>/dev/null | grep -v "$stamp" |
    while read -r f; do grep -q '^quiet' "$f" && echo "$f"; done | tail -1 || true)
  if [ -n "$previous" ]; then
    echo "compared with the previous quiet run with $settings ($(basename "$previous" .tsv)):"
    awk -F'\t' 'FNR == NR { if ($1 == "quiet") { rps[$2] = $3; p99[$2] = $5 } next }
      $1 == "quiet" && ($2 in rps) {
        printf "  %-34s %6s -> %6s req/s (%+.0f%%)   p99 %7s -> %7s ms\n", $2, rps[$2], $3, (rps[$2] > 0 ? ($3 - rps[$2]) * 100 / rps[$2] : 0), p99[$2], $5
      }' "$previous" "$history"
  fi

  rss_start "$out/rss-csv.log"
  before=$(awk '/VmRSS/ {print $2}' "/proc/$app/status")
  expected=$(curl -s "$base/api/v1/agreements?pageSize=1" | jq -r .totalCount)
  stats=$(curl -s -o "$out/all-agreements.csv" -w "%{time_total}s %{size_download}" "$base/api/v1/agreements?format=csv")
  rss_stop "$out/rss-csv.log"
  peak=$rss_peak
  rows=$(($(wc -l < "$out/all-agreements.csv") - 1))
  echo "CSV export of all agreements: $rows rows (the API's totalCount: $expected), ${stats#* } bytes in ${stats%% *}; RSS before $((before / 1024)) MB, peak $peak MB"
  check quiet "CSV export: every agreement (rows = API totalCount)" "$rows of $expected rows" "$rows" "==" "$expected"
  rm -f "$out/all-agreements.csv"
  echo "(quiet part: $((SECONDS - part_start)) s)"
fi

# --- mixed ---------------------------------------------------------------------------------------------------------

if $mixed; then
  echo "-- mixed: reads at $connections connections while a writer PUTs an agreement once a second"
  part_start=$SECONDS
  created=$(dotnet "$app_dir/CapacityCoop.Web.dll" create-api-key --name bench-writer --scopes read,write --contentRoot "$app_dir")
  key_id=$(echo "$created" | sed -n 's/^Created API key \([0-9]*\) .*/\1/p')
  bw_key=$(echo "$created" | grep -o '^cc_[A-Za-z0-9_-]*' | head -1)
  [ -n "$bw_key" ] || { echo "create-api-key printed no key:" >&2; echo "$created" >&2; exit 1; }
  bw_base="$base/api/v1" bw_dir="$out/writer"
  source "$root/scripts/lib/bench-writer.sh"
  if ! bw_create; then
    check mixed "the writer could create its agreement and project" "see above" "" "==" 0
    mixed=false
  fi
fi

if $mixed; then
  part=mixed
  echo "writer: agreement $bw_agreement (CHN-KAZ, steel, signed $bw_today) and project $bw_project (in KAZ), API key $key_id"

  list="/api/v1/agreements?country=KAZ&sector=steel&sort=-signedOn&pageSize=50"
  mixed_paths=("$list" "/api/v1/agreements/5000" "/api/v1/countries/KAZ/stats/value-by-year" "/" "/agreements?country=KAZ" "/countries/CHN" "/projects")
  # Each path once before the writer starts (JIT; a path that does not answer 200 is not measured). No wrk warm-up:
  # with a write every second no cached result lives long, so there is no steady state to warm up to.
  mixed_ok=()
  for path in "${mixed_paths[@]}"; do answers "$path" && mixed_ok+=("$path"); done

  rss_start "$out/rss-mixed.log"
  # Bounded by time as well, in case the stop below never comes (the stop file and the parent check come first).
  ( set +e; bw_loop $((7 * (duration + 30) + 120)) $$ ) &
  writer=$!
  mixed_errors=0
  mixed_run() { # name, target, path
    m_rps="" m_p50="" m_p90="" m_p95="" m_p99=""
    if [[ " ${mixed_ok[*]} " == *" $3 "* ]] && measure "$1" "$3" 0; then
      printf '%-36s %6s req/s (%6s requests)  p50 %7s ms  p99 %7s ms  non-2xx %s, socket errors %s  (target: %s)%s\n' \
        "$1" "$m_rps" "$m_requests" "${m_p50:--}" "${m_p99:--}" "$m_non2xx" "$m_socket" "$2" "$m_note"
      printf 'mixed\t%s\t%s\t%s\t%s\n' "$1" "$m_rps" "$m_p50" "$m_p99" >> "$history"
      mixed_errors=$((mixed_errors + m_non2xx + m_socket))
    else
      mixed_errors=$((mixed_errors + 1))
    fi
  }
  mixed_run "API list country=KAZ&sector=steel" ">= 600 req/s, p99 < 200 ms" "$list"
  check mixed "API list under writes: >= 600 req/s" "${m_rps:-?} req/s" "$m_rps" ">=" 600
  check mixed "API list under writes: p99 < 200 ms" "p99 ${m_p99:-?} ms" "$m_p99" "<" 200
  mixed_run "API agreement detail" "no errors" "/api/v1/agreements/5000"
  mixed_run "API value-by-year KAZ" "no errors" "/api/v1/countries/KAZ/stats/value-by-year"
  mixed_run "page /" "no errors" "/"
  mixed_run "page /agreements?country=KAZ" "no errors" "/agreements?country=KAZ"
  mixed_run "page /countries/CHN" "no errors" "/countries/CHN"
  mixed_run "page /projects" "no errors" "/projects"
  kill -0 "$writer" 2>/dev/null || echo "WARNING: the writer had stopped before the reads ended (its time bound)"
  touch "$bw_dir/stop"
  wait "$writer" || true
  writer=""
  echo "writer during the runs above: $(bw_summary agreements)"
  writer_failed=$(awk '$3 !~ /^2/' "$bw_dir/writes.log" | wc -l)
  mixed_errors=$((mixed_errors + writer_failed))

  # First view after a write, with the writer stopped so that the write is the one made here: each page is requested
  # once (JIT), then 5 times one write that changes what it shows and the first GET after it.
  echo "-- first view after a write (5 times: one PUT, then the first GET; target: median < 300 ms)"
  n=100000
  first_view() { # name, path, kind of record the write changes
    local name=$1 path=$2 kind=$3 times=() result status seconds median
    settle >/dev/null
    curl -s -o /dev/null "$base$path"
    for _ in 1 2 3 4 5; do
      n=$((n + 1))
      result=$(bw_put "$kind" "$n")
      [[ $result == 2* ]] || mixed_errors=$((mixed_errors + 1))
      read -r status seconds <<< "$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$base$path")"
      [ "$status" = 200 ] || mixed_errors=$((mixed_errors + 1))
      times+=("$(awk -v s="$seconds" 'BEGIN { printf "%.0f", s * 1000 }')")
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
    printf '%-36s %s ms  median %s ms  (after a PUT of the %s)\n' "$name" "${times[*]}" "$median" "${kind%s}"
    check mixed "first view after a write: $name, median < 300 ms" "median $median ms" "$median" "<" 300
  }
  first_view "page /" "/" agreements
  first_view "page /agreements?country=KAZ" "/agreements?country=KAZ" agreements
  first_view "page /countries/CHN" "/countries/CHN" agreements
  first_view "page /projects" "/projects" projects
  first_view "API list country=KAZ&sector=steel" "$list" agreements

  rss_stop "$out/rss-mixed.log"
  peak=$rss_peak
  echo "server peak RSS over the mixed part: $peak MB (high-water mark since the server started: $(($(awk '/VmHWM/ {print $2}' "/proc/$app/status") / 1024)) MB)"
  echo "all writes: $(bw_summary)"
  check mixed "no errors (reads: non-2xx + socket; writes: non-2xx)" "$mixed_errors errors" "$mixed_errors" "==" 0
  check mixed "server peak RSS < 600 MB" "$peak MB" "$peak" "<" 600
fi
if [ -n "${key_id:-}" ]; then
  # The writer's records leave lists and totals again, and its key stops working.
  [ -n "${bw_agreement:-}${bw_project:-}" ] && echo "archived the writer's records: $(bw_archive | awk '{print $1}' | tr '\n' ' ')"
  dotnet "$app_dir/CapacityCoop.Web.dll" revoke-api-key --id "$key_id" --contentRoot "$app_dir" | grep -v '^\[' || true
  echo "(mixed part: $((SECONDS - part_start)) s)"
fi

# --- summary -------------------------------------------------------------------------------------------------------

passed=0
for row in "${summary[@]}"; do [[ $row == *PASS ]] && passed=$((passed + 1)); done
echo "== summary: ${passed} of ${#summary[@]} targets met; the whole run took $SECONDS s, load average now $(cut -d' ' -f1-3 /proc/loadavg) (figures above; history in $history)"
printf '%s\n' "${summary[@]}"
