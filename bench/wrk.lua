-- Rotates through the request paths listed in a file (wrk ... -s wrk.lua URL -- paths.txt)
-- and prints one JSON line with the latency percentiles wrk keeps (in microseconds).
local paths = {}
local counter = 0

init = function(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    if line ~= "" then table.insert(paths, line) end
  end
  file:close()
end

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter - 1) % #paths + 1])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "errors_connect": %d, "errors_read": %d, ' ..
    '"errors_write": %d, "errors_status": %d, "errors_timeout": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "mean_us": %.1f, "max_us": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean, latency.max))
end
