-- Mixed public traffic for the soak test: each connection walks the paths listed in the file
-- given after `--` (one per line), and every answer is counted by status class. Prints one
-- JSON line at the end, with latency percentiles in microseconds, and how many answers the
-- page cache gave (its X-Cache header: HIT or MISS).
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then
      table.insert(paths, line)
    end
  end
  -- Threads start at different places in the list, so they do not hit the same page together.
  position = (id * 7919) % #paths
  c1, c2, c3, c4, c5 = 0, 0, 0, 0, 0
  hits, misses = 0, 0
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  if status < 200 then c1 = c1 + 1
  elseif status < 300 then c2 = c2 + 1
  elseif status < 400 then c3 = c3 + 1
  elseif status < 500 then c4 = c4 + 1
  else c5 = c5 + 1 end
  local cache = headers["X-Cache"]
  if cache == "HIT" then hits = hits + 1
  elseif cache == "MISS" then misses = misses + 1 end
end

function done(summary, latency, requests)
  local classes = {c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, hits = 0, misses = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(classes) do
      classes[name] = classes[name] + thread:get(name)
    end
  end
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "errors": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"timeout": %d, "c1": %d, "c2": %d, "c3": %d, "c4": %d, ' ..
    '"c5": %d, "hits": %d, "misses": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    errors.connect + errors.read + errors.write + errors.timeout,
    errors.connect, errors.read, errors.write, errors.timeout,
    classes.c1, classes.c2, classes.c3, classes.c4, classes.c5, classes.hits, classes.misses))
end
