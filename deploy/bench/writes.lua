-- One-tuple writes to one organization from many connections: every request a new tuple.
local counter = 0
function setup(thread) thread:set("tid", counter); counter = counter + 1 end
function init(args) headers = {["Content-Type"]="application/json"}; if (os.getenv("CASTELLAN_TOKEN") or "") ~= "" then headers["Authorization"] = "Bearer " .. os.getenv("CASTELLAN_TOKEN") end; n = 0; run = os.getenv("RUN_ID") or "0"; org = os.getenv("ORG") or "bench" end
request = function()
  n = n + 1
  local body = string.format('{"writes":{"tuple_keys":[{"object":"document:w%s_%d_%d","relation":"viewer","user":"user:u%d"}]}}', run, tid, n, n % 1000)
  return wrk.format("POST", "/v1/orgs/" .. org .. "/write", headers, body)
end
