-- wrk script: request the paths listed in the file $WRK_PATHS, one after the
-- other, each once before any is repeated (one wrk thread shares the counter).
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  paths[#paths + 1] = line
end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
