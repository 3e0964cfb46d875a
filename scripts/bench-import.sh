#!/usr/bin/env bash
# Measures the CSV import target of issue 5 on this machine, on the local database (scripts/db.sh): a 10,000-row
# agreement file checked (dry run), imported (drafts of one batch) and published all at once, each through HTTP as a
# signed-in editor would, with the time of each step and the total (target: under 30 s).
# Whatever the database holds stays (run scripts/bench.sh first to measure with 100,000 agreements loaded); each run
# adds its rows with titles of its own, so runs never repeat each other. It signs in as bench-import@example.org, an
# Admin account it creates (or resets) with create-admin.
# The dry run includes the likely-duplicate search, which stops after 3 s (CsvImporter.LikelyDuplicateBudget).
# Usage: scripts/bench-import.sh [--rows 10000]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rows=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

export ConnectionStrings__Portal=${ConnectionStrings__Portal:-$("$root/scripts/db.sh" start)}
# Production refuses to start with the data-protection keys unencrypted (ADR-013).
source "$root/scripts/lib/dataprotection.sh"
dp_use_local_certificate "$root"
psql_query() { "$(ls -d /usr/lib/postgresql/*/bin | head -1)/psql" "$(echo "$ConnectionStrings__Portal" | sed 's/Host=/host=/;s/;Port=/ port=/;s/;Database=/ dbname=/;s/;Username=/ user=/')" -tAc "$1"; }

dotnet publish src/CapacityCoop.Web -c Release -o artifacts/bench-app -v quiet >/dev/null
app_dll=artifacts/bench-app/CapacityCoop.Web.dll
dotnet "$app_dll" seed --contentRoot "$root/artifacts/bench-app" >/dev/null
email=bench-import@example.org
password=$(dotnet "$app_dll" create-admin --email "$email" --contentRoot "$root/artifacts/bench-app" | grep -A1 "Its .*password:" | tail -1)

port=5182
# The import logs how long each step took inside the app (Information), everything else only warnings.
env ASPNETCORE_ENVIRONMENT=Production Portal__PublicBaseUrl="http://127.0.0.1:$port" Serilog__MinimumLevel__Default=Warning "Serilog__MinimumLevel__Override__CapacityCoop.Web.Features=Information" \
  dotnet "$app_dll" --contentRoot "$root/artifacts/bench-app" --urls "http://127.0.0.1:$port" >/tmp/capacitycoop-bench-import.log 2>&1 &
app=$!
work=$(mktemp -d /tmp/capacitycoop-bench-import.XXXXXX)
trap 'kill $app 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 1; done
base="http://127.0.0.1:$port"
jar="$work/cookies"
token() { grep -o '__RequestVerificationToken" type="hidden" value="[^"]*"' "$1" | head -1 | sed 's/.*value="//;s/"$//'; }

# Sign in through the login form, as a browser would.
curl -s -c "$jar" -b "$jar" "$base/Account/Login" -o "$work/login.html"
status=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' "$base/Account/Login" \
  --data-urlencode "Input.Email=$email" --data-urlencode "Input.Password=$password" --data-urlencode "__RequestVerificationToken=$(token "$work/login.html")")
[ "$status" = 302 ] || { echo "signing in failed ($status)" >&2; exit 1; }

# A file of $rows distinct agreements between China and varied partners, with values, sectors and a source every 100 rows.
run=$(date +%s)
file="$work/agreements-$rows.csv"
curl -s -b "$jar" "$base/Manage/Import/Template?type=agreement" -o "$file"
awk -v rows="$rows" -v run="$run" 'BEGIN {
  split("KAZ BRA ETH IDN PAK MYS LAO THA SRB HUN PER COL CHL EGY KEN NGA", partners, " ");
  split("steel railways building-materials electric-power chemicals automobiles hydropower industrial-parks", sectors, " ");
  split("mou framework cooperation contract loan", kinds, " ");
  for (i = 1; i <= rows; i++) {
    p = partners[(i % 16) + 1]; s = sectors[(i % 8) + 1]; t = sectors[((i + 3) % 8) + 1];
    month = sprintf("%04d-%02d", 2010 + (i % 15), (i % 12) + 1);
    printf "\"Bench %s capacity agreement %d, China and %s\",,%s,signed,CHN;%s,%s,Beijing,,%d,CNY,%d,,%s;%s,\"Row %d of an import benchmark, \"\"quoted\"\".\",,,,,Bench release %s-%d,Bench Agency,2016-05-20,https://example.org/bench/%s/%d,States the deal.\r\n",
      run, i, p, kinds[(i % 5) + 1], p, month, i * 1000000, i * 150000, s, t, i, run, int(i / 100), run, int(i / 100);
  }
}' >> "$file"
echo "== $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(psql_query "select count(*) from agreements") agreements in the database, file of $rows rows ($(( $(stat -c %s "$file") / 1024 )) KB)"

step() { # name, then the curl arguments; prints the time and leaves the response in $work/response.html
  local name=$1; shift
  local out; out=$(curl -s -b "$jar" -c "$jar" -o "$work/response.html" -w '%{http_code} %{time_total} %{redirect_url}' "$@")
  printf '%-32s %6.2f s  (HTTP %s)\n' "$name" "$(echo "$out" | cut -d' ' -f2)" "$(echo "$out" | cut -d' ' -f1)"
  last_status=$(echo "$out" | cut -d' ' -f1); last_time=$(echo "$out" | cut -d' ' -f2); last_redirect=$(echo "$out" | cut -d' ' -f3)
}

curl -s -b "$jar" "$base/Manage/Import" -o "$work/form.html"
step "check (dry run)" "$base/Manage/Import?handler=Check" -F "__RequestVerificationToken=$(token "$work/form.html")" -F Type=agreement -F "Upload=@$file;type=text/csv"
check_time=$last_time
grep -q "$rows rows read, no errors" "$work/response.html" || { echo "the check did not pass: see $work/response.html" >&2; sed -n '/import-report/,/<\/section>/p' "$work/response.html" | head -40 >&2; trap - EXIT; kill $app; exit 1; }

step "import (commit as drafts)" "$base/Manage/Import?handler=Import" -F "__RequestVerificationToken=$(token "$work/form.html")" -F Type=agreement -F "Upload=@$file;type=text/csv"
commit_time=$last_time
[ "$last_status" = 302 ] || { echo "the import was not committed" >&2; exit 1; }
batch=${last_redirect##*id=}; batch=${batch%%&*}

curl -s -b "$jar" "$base/Manage/Import/Batch?id=$batch" -o "$work/batch.html"
step "publish all" "$base/Manage/Import/Batch?id=$batch&handler=Publish" --data-urlencode "__RequestVerificationToken=$(token "$work/batch.html")"
publish_time=$last_time
[ "$last_status" = 302 ] || { echo "publication failed: see $work/response.html" >&2; exit 1; }

published=$(psql_query "select count(*) from drafts where import_batch_id = $batch and state = 'published'")
audited=$(psql_query "select count(*) from audit_entries where note like '% from import $batch,%'")
total=$(echo "$check_time + $commit_time + $publish_time" | bc)
printf '%-32s %6.2f s  (target: < 30 s); batch %s: %s drafts published, %s audit entries\n' "total" "$total" "$batch" "$published" "$audited"
