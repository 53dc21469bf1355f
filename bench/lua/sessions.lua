-- E3: one session per connection, like real users (a session takes one request at a time, or the session's
-- concurrency guard rightly answers 409). wrk's Lua state is per thread, not per connection, so the harness runs
-- one thread per connection (-t = -c): setup() numbers the threads, init() gives thread n the n-th key of the file
-- named by the first script argument, and response() keeps the value a response sets, as a browser does
-- (signed_cookies changes it on every write).
local threads = {}
local cookie = nil

setup = function(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

init = function(args)
  local n = 0
  for line in io.lines(args[1]) do
    if #line > 0 then
      n = n + 1
      if n == thread_number then cookie = line end
    end
  end
  if cookie == nil then error("no session key for thread " .. tostring(thread_number)) end
end

request = function()
  return wrk.format(nil, nil, { ["Cookie"] = "sessionid=" .. cookie })
end

response = function(status, headers, body)
  local set = headers["Set-Cookie"] or headers["set-cookie"]
  if set then
    local value = set:match("^sessionid=([^;]*)")
    if value and #value > 0 then cookie = value end
  end
end
