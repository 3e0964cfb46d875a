-- wrk -s scripts/lib/wrk-report.lua: after the run, one line that scripts/bench.sh parses (times in microseconds).
-- Only done() is defined, so wrk runs no Lua per request and the figures are the same as without the script.
-- wrk's --latency table has no p95 (PRODUCT.md's target for the country profile page); this line has it.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK_REPORT requests=%d duration_us=%d p50_us=%d p90_us=%d p95_us=%d p99_us=%d max_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
