#!/usr/bin/env bash
# The API writes of scripts/bench.sh's mixed run, sourced by it. Before use set:
#   bw_base  the API's base address (http://127.0.0.1:PORT/api/v1)
#   bw_key   an API key with the write scope
#   bw_dir   a directory for the ETags, bodies and the writer's log
# bw_create makes the writer's own records: a China–Kazakhstan agreement in sector steel signed today (so every write
# changes the benchmarked list country=KAZ&sector=steel, newest first, China's profile and the home page: the worst
# case for a cache) and a project hosted in Kazakhstan. Every PUT sends If-Match with the ETag of the previous answer.
# The project is not linked to the agreement: a link would change the agreement's ETag on every project write.

bw_today=$(date -u +%F)

# bw_request METHOD PATH [BODY] [ETAG]: prints "STATUS SECONDS"; the answer's headers and body land in $bw_dir/last.*
bw_request() {
  local method=$1 path=$2 body=${3:-} etag=${4:-}
  local args=(-s -X "$method" -o "$bw_dir/last.body" -D "$bw_dir/last.headers" -w '%{http_code} %{time_total}'
    --max-time 30 -H "Authorization: Bearer $bw_key")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  [ -n "$etag" ] && args+=(-H "If-Match: $etag")
  curl "${args[@]}" "$bw_base$path" || echo "000 0"
}

bw_etag_of_last() { awk -F': ' 'tolower($1)=="etag" {print $2}' "$bw_dir/last.headers" | tr -d '\r'; }

bw_agreement_body() { # N
  printf '{"title":"Bench writer: China–Kazakhstan steel capacity agreement (write %s)","kind":"cooperation","status":"signed",' "$1"
  printf '"parties":[{"country":"CHN"},{"country":"KAZ"}],"signedOn":"%s",' "$bw_today"
  printf '"value":{"amount":%s,"currency":"USD","usd":%s},"sectors":["steel"],' "$((1000000 + $1))" "$((1000000 + $1))"
  printf '"summary":"Written by scripts/bench.sh while it measures reads; archived when the run ends.",'
  if [ -n "${bw_source:-}" ]; then printf '"sources":[%s]}' "$bw_source"
  else printf '"sources":[{"title":"scripts/bench.sh mixed run","publisher":"CapacityCoop benchmark","publishedOn":"%s"}]}' "$bw_today"; fi
}

bw_project_body() { # N
  printf '{"name":"Bench writer: steel plant in Kazakhstan (write %s)","hostCountry":"KAZ","status":"planned","sectors":["steel"],' "$1"
  printf '"investment":{"amount":%s,"currency":"USD","usd":%s},' "$((500000 + $1))" "$((500000 + $1))"
  printf '"summary":"Written by scripts/bench.sh while it measures reads; archived when the run ends.","sources":[%s]}' "$bw_source"
}

# bw_create: POSTs the agreement and the project; sets bw_agreement, bw_project and bw_source (the source the
# agreement's POST created, reused by every later write so that writes do not pile up sources). Fails loudly.
bw_create() {
  local result
  result=$(bw_request POST /agreements "$(bw_agreement_body 0)")
  [ "${result%% *}" = 201 ] || { echo "writer: POST /agreements answered $result: $(head -c 600 "$bw_dir/last.body")" >&2; return 1; }
  bw_agreement=$(jq -r .id "$bw_dir/last.body")
  bw_source="{\"sourceId\":$(jq -r '.sources[0].id' "$bw_dir/last.body")}"
  bw_etag_of_last > "$bw_dir/agreements.etag"
  result=$(bw_request POST /projects "$(bw_project_body 0)")
  [ "${result%% *}" = 201 ] || { echo "writer: POST /projects answered $result: $(head -c 600 "$bw_dir/last.body")" >&2; return 1; }
  bw_project=$(jq -r .id "$bw_dir/last.body")
  bw_etag_of_last > "$bw_dir/projects.etag"
}

# bw_put agreements|projects N: one PUT of the writer's record with If-Match; prints "STATUS SECONDS" and appends
# "EPOCH KIND STATUS SECONDS" to $bw_dir/writes.log. After a 412 it reads the ETag again so the next PUT can succeed.
bw_put() {
  local kind=$1 n=$2 id body result
  if [ "$kind" = agreements ]; then id=$bw_agreement body=$(bw_agreement_body "$n"); else id=$bw_project body=$(bw_project_body "$n"); fi
  result=$(bw_request PUT "/$kind/$id" "$body" "$(cat "$bw_dir/$kind.etag")")
  case "${result%% *}" in
    2??) bw_etag_of_last > "$bw_dir/$kind.etag" ;;
    412) bw_request GET "/$kind/$id" >/dev/null; bw_etag_of_last > "$bw_dir/$kind.etag" ;;
  esac
  echo "$(date +%s.%N) $kind $result" >> "$bw_dir/writes.log"
  echo "$result"
}

# bw_loop MAX_SECONDS PARENT_PID: one agreement PUT a second, on the second after the loop started (a write that takes
# longer than a second skips the slots it overran rather than bunching the next ones), until $bw_dir/stop appears,
# the shell that started it is gone, or MAX_SECONDS have passed: it never outlives the run.
bw_loop() {
  local max=$1 parent=$2 start n=0 tick=0 next
  start=$(date +%s.%N)
  while [ ! -e "$bw_dir/stop" ] && kill -0 "$parent" 2>/dev/null && [ "$tick" -lt "$max" ]; do
    n=$((n + 1))
    bw_put agreements "$n" >/dev/null
    # "TICK WAIT": the next whole second after now, and how long until it.
    next=$(awk -v s="$start" -v t="$tick" -v now="$(date +%s.%N)" \
      'BEGIN { e = now - s; k = t + 1; if (k < e) k = int(e) + 1; printf "%d %.3f\n", k, s + k - now }')
    tick=${next% *}
    sleep "${next#* }"
  done
}

# bw_summary [KIND]: "N writes in S s, N failed (non-2xx), p50 X ms, max Y ms" over writes.log (of one kind if given).
bw_summary() {
  [ -s "$bw_dir/writes.log" ] || { echo "0 writes"; return; }
  awk -v kind="${1:-}" 'kind == "" || $2 == kind { print $4 * 1000, $3, $1 }' "$bw_dir/writes.log" | sort -n |
    awk '{ t[++n] = $1; if ($2 !~ /^2/) { failed++; codes[$2]++ }
           if (first == "" || $3 < first) first = $3; if ($3 > last) last = $3 }
      END {
        if (n == 0) { print "0 writes"; exit }
        detail = ""; for (c in codes) detail = detail " " codes[c] "x" c
        printf "%d writes in %.0f s, %d failed (non-2xx)%s; each took p50 %.0f ms, max %.0f ms\n",
          n, last - first, failed + 0, (detail == "" ? "" : ":" detail), t[int((n + 1) / 2)], t[n]
      }'
}

# bw_archive: archives the writer's records (DELETE with If-Match), so they leave lists and totals after the run.
bw_archive() {
  local kind id
  for kind in projects agreements; do
    if [ "$kind" = agreements ]; then id=${bw_agreement:-}; else id=${bw_project:-}; fi
    [ -n "$id" ] || continue
    bw_request DELETE "/$kind/$id" "" "$(cat "$bw_dir/$kind.etag" 2>/dev/null)"
    echo
  done
}
