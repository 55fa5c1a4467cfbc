-- wrk script: GET /api/v1/inventories/{id}/activity?limit=50 rotating over the inventories of
-- $CL_BENCH_DATA (a Lua file run.py writes: token, inventories, sources). Prints one JSON line
-- in done() that run.py parses (latencies in microseconds).
local data = dofile(os.getenv("CL_BENCH_DATA"))
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7919)
end

function init(args)
  n = offset or 0
  inventories = data.inventories
  auth = "Bearer " .. data.token
end

function request()
  n = n + 1
  local id = inventories[(n % #inventories) + 1]
  return wrk.format("GET", "/api/v1/inventories/" .. id .. "/activity?limit=50",
                    { ["Authorization"] = auth })
end

function done(summary, latency, requests)
  io.write(string.format(
    'CL_BENCH {"requests": %d, "duration_us": %d, "non2xx": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
