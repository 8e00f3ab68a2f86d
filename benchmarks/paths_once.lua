-- wrk script: request the paths listed in $WRK_PATHS once each, from line
-- $WRK_OFFSET on, and stop when they run out (benchmarks/render_ahead.py runs
-- it in slices, each going on where the last one stopped).
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  paths[#paths + 1] = line
end
local i = tonumber(os.getenv("WRK_OFFSET") or "0")
local left = #paths - i
local done = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
response = function(status, headers, body)
  done = done + 1
  if done >= left then
    wrk.thread:stop()
  end
end
