-- bench/web/wrk.lua - the wrk script of bench/web/run.
--
-- Two jobs:
--
-- 1. With WRK_MIX=PATH and WRK_QUERIES=FILE in the environment, every request is
--    GET PATH?QUERY with QUERY picked at random from FILE (bench/web/queries.txt: one query
--    string a line, # comments), so a run spreads over ~50 searches instead of one that a
--    cache could answer. Each thread has its own seed, the same from run to run.
--    Without WRK_MIX, wrk sends its URL as it is (a static request, no Lua per request).
--
-- 2. done() prints one machine-readable line, "wrkstats key=value ...", that the runner
--    parses: requests, the run's duration, bytes, errors by kind (status counts responses
--    that are not 2xx or 3xx) and the latency percentiles (microseconds) from wrk's
--    latency histogram, the same numbers `--latency` prints.

local mix = os.getenv("WRK_MIX")

if mix and mix ~= "" then
	local queries = {}
	local path = os.getenv("WRK_QUERIES") or "bench/web/queries.txt"
	local f = assert(io.open(path, "r"))
	for line in f:lines() do
		if line ~= "" and line:sub(1, 1) ~= "#" then
			queries[#queries + 1] = line
		end
	end
	f:close()
	assert(#queries > 0, path .. " has no queries")

	local threads = 0
	function setup(thread)
		threads = threads + 1
		thread:set("seed", 1000 + threads)
	end

	local requests
	function init(args)
		math.randomseed(seed or 1000)
		requests = {}
		for i, q in ipairs(queries) do
			requests[i] = wrk.format("GET", mix .. "?" .. q)
		end
	end

	function request()
		return requests[math.random(#requests)]
	end
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format(
		"wrkstats requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d" ..
		" p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f\n",
		summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
		e.status, e.timeout, latency:percentile(50), latency:percentile(90),
		latency:percentile(99), latency.max, latency.mean))
end
