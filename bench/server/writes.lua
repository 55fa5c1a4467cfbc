-- wrk script: POST /api/v1/inventories/{id}/activity, one diesel record (source S01, litres)
-- rotating over the inventories of $CL_BENCH_DATA. A 201 is a durable write (committed before
-- the answer). Prints one JSON line in done() that run.py parses (latencies in microseconds).
local data = dofile(os.getenv("CL_BENCH_DATA"))
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7919)
  thread:set("tid", counter)
end

function init(args)
  n = offset or 0
  inventories = data.inventories
  sources = data.sources
  headers = { ["Authorization"] = "Bearer " .. data.token,
              ["Content-Type"] = "application/json" }
end

function request()
  n = n + 1
  local k = (n % #inventories) + 1
  local body = string.format(
    '{"source_id": %d, "period": "2024-%02d", "amount": %d.25, "unit": "L", "note": "wrk %d"}',
    sources[k], (n % 12) + 1, n % 100000, tid)
  return wrk.format("POST", "/api/v1/inventories/" .. inventories[k] .. "/activity", headers, body)
end

function done(summary, latency, requests)
  io.write(string.format(
    'CL_BENCH {"requests": %d, "duration_us": %d, "non2xx": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
