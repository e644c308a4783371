-- Prints one machine-readable line at the end of a wrk run:
-- RESULT <requests> <duration_us> <p50_us> <p99_us> <socket_errors> <http_errors>
-- Headers come from the environment: BENCH_AUTH (a bearer token) and BENCH_COOKIE (a Cookie
-- header, e.g. a session), both optional.
local token = os.getenv("BENCH_AUTH")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
