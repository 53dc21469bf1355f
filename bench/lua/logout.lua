-- E5: POST /api/logout, each request with its own logged-in session (keys made beforehand, one per line, in the
-- file named by the first script argument). The thread stops when the keys run out, so no request is unauthenticated.
local keys = {}
local next_key = 0

init = function(args)
  for line in io.lines(args[1]) do
    if #line > 0 then keys[#keys + 1] = line end
  end
end

request = function()
  next_key = next_key + 1
  local key = keys[math.min(next_key, #keys)]
  return wrk.format("POST", "/api/logout", { ["Cookie"] = "sessionid=" .. key }, "")
end

response = function(status, headers, body)
  if next_key >= #keys then wrk.thread:stop() end
end
