-- wrk: GET a random meeting of the list in $MB_MEETINGS_FILE (one id a
-- line), as $MB_PATH ("/meetings/%s" or "/api/v1/meetings/%s"), with
-- $MB_TOKEN as a bearer token when set.
local ids = {}
local path = os.getenv("MB_PATH") or "/meetings/%s"
local token = os.getenv("MB_TOKEN")
for line in io.lines(os.getenv("MB_MEETINGS_FILE")) do
  if #line > 0 then ids[#ids + 1] = line end
end
math.randomseed(os.time())
request = function()
  local headers = {}
  if token and #token > 0 then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("GET", string.format(path, ids[math.random(#ids)]), headers)
end
