-- Counts every response that is not the expected page: a status other than the first argument
-- after `--`, or a body missing one of the markers that follow. Prints one JSON line for the runner.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  expected_status = tonumber(args[1])
  markers = {}
  for i = 2, #args do
    markers[#markers + 1] = args[i]
  end
  bad_status = 0
  bad_body = 0
end

function response(status, headers, body)
  if status ~= expected_status then
    bad_status = bad_status + 1
    return
  end
  for _, marker in ipairs(markers) do
    if not string.find(body, marker, 1, true) then
      bad_body = bad_body + 1
      return
    end
  end
end

function done(summary, latency, requests)
  local bs, bb = 0, 0
  for _, thread in ipairs(threads) do
    bs = bs + thread:get("bad_status")
    bb = bb + thread:get("bad_body")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"durationUs":%d,"badStatus":%d,"badBody":%d,"socketErrors":%d,"p50Us":%d,"p99Us":%d}\n',
    summary.requests, summary.duration, bs, bb, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
