-- Prints wrk's figures as one JSON line, with the 95th percentile wrk does not print itself.
local headers_from_env = os.getenv("BENCH_COOKIE")
if headers_from_env and headers_from_env ~= "" then
  wrk.headers["Cookie"] = headers_from_env
end
wrk.headers["Accept-Encoding"] = "gzip"
wrk.headers["Accept"] = "text/html"

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "errors": %d, "seconds": %.1f, "p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f}\n',
    summary.requests, errors, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
