-- The HTTP layer alone: the same request size as a check, to an endpoint that does nothing.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if (os.getenv("CASTELLAN_TOKEN") or "") ~= "" then wrk.headers["Authorization"] = "Bearer " .. os.getenv("CASTELLAN_TOKEN") end
wrk.body = '{"tuple_key":{"user":"user:u1","relation":"can_view","object":"document:d1"}}'
