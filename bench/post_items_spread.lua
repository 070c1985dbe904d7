-- wrk script: creates agenda items, each request on the next of the
-- meetings in MB_MEETINGS (space-separated ids): eight clerks writing
-- their own agendas rather than one agenda growing by thousands.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MB_TOKEN")
wrk.body = '{"title":"Benchmark item","kind":"report","minutes":"A paragraph of minute text."}'
local meetings = {}
for id in string.gmatch(os.getenv("MB_MEETINGS") or "", "%S+") do
  table.insert(meetings, id)
end
local n = 0
request = function()
  n = n + 1
  local id = meetings[(n % #meetings) + 1]
  return wrk.format(nil, "/api/v1/meetings/" .. id .. "/items")
end
