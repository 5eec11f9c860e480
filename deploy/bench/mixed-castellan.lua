-- Castellan's side of ../shared/peers/cerbos/mixed.lua: 1000 users x 1000 documents, view|edit.
-- Documents are owned by the user with the same number (owner tuples), every tenth user is an
-- organization admin, every user may view. Mix of ALLOW (view, owner edit, admin) and DENY (edit).
-- The path is set by the script (PATH_PREFIX), e.g. /v1/orgs/bench. EDIT_EVERY=n asks edit (mostly
-- denied) on one check in n, view on the others (default 2: half and half, as the peers' mix).
local counter = 0
function setup(thread) thread:set("tid", counter); counter = counter + 1 end
function init(args) headers = {["Content-Type"]="application/json"}; if (os.getenv("CASTELLAN_TOKEN") or "") ~= "" then headers["Authorization"] = "Bearer " .. os.getenv("CASTELLAN_TOKEN") end; n = tid * 7919; prefix = os.getenv("PATH_PREFIX") or "/v1/orgs/bench"; edit_every = tonumber(os.getenv("EDIT_EVERY") or "2") end
request = function()
  n = n + 1
  local p = n % 1000
  local d = (n * 31) % 1000
  local act = (n % edit_every == 1 % edit_every) and "edit" or "view"
  local body = string.format('{"tuple_key":{"user":"user:u%d","relation":"can_%s","object":"document:d%d"}}', p, act, d)
  return wrk.format("POST", prefix .. "/check", headers, body)
end
