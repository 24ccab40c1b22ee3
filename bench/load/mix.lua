-- wrk script for bench/load/run.sh: a mix of every GET endpoint of the API (the event
-- stream excepted: it never ends, and EVENTS_MAX_CLIENTS caps it), users drawn uniformly
-- from the whole population (the file named by LOGINS, one login a line).
--   LOGINS=FILE   the population
--   CLIENTS=N     when set, each request carries X-Forwarded-For: 10.a.b.c, one of N
--                 client addresses drawn at random (the server must trust 127.0.0.1)
--   FLOOD=ADDR    instead: every request is the leaderboard from ADDR (the flooder)
local logins = {}
local periods = {"day", "week", "month", "all"}
local clients = tonumber(os.getenv("CLIENTS") or "0")
local flood = os.getenv("FLOOD")

-- Answers counted by status (wrk itself only counts non-2xx): printed at the end.
local threads = {}
setup = function(thread) threads[#threads + 1] = thread end
statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do total[k] = (total[k] or 0) + v end
  end
  local line = "statuses:"
  for k, v in pairs(total) do line = line .. " " .. k .. "=" .. v end
  print(line)
end

init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
  local f = io.open(os.getenv("LOGINS"), "r")
  for line in f:lines() do logins[#logins + 1] = line end
  f:close()
end

local function login() return logins[math.random(#logins)] end
local function period() return periods[math.random(#periods)] end

local paths = {
  function() return "/api/v1/stats/user/" .. login() .. "?period=all" end,
  function() return "/api/v1/stats/user/" .. login() .. "?period=all" end,
  function() return "/api/v1/stats/user/" .. login() .. "?period=all" end,
  function() return "/api/v1/stats/compare/" .. login() .. "/" .. login() .. "?period=all" end,
  function() return "/api/v1/stats/leaderboard?period=" .. period() .. "&limit=10" end,
  function() return "/api/v1/stats/leaderboard?period=" .. period() .. "&limit=100" end,
  function() return "/api/v1/stats/rising-stars" end,
  function() return "/api/v1/stats/hour-leaders" end,
  function() return "/api/v1/stats/top-writers?period=" .. period() end,
  function() return "/api/v1/stats/active-chatters" end,
  function() return "/api/v1/stats/chat-activity?period=" .. period() end,
  function() return "/api/v1/stats/overall-activity" end,
  function() return "/api/v1/stats/unique-chatters?period=" .. period() end,
  function() return "/api/v1/stats/top-emotes?period=" .. period() end,
  function() return "/api/v1/stats/search?q=" .. string.sub(login(), 1, 3) end,
  function() return "/api/v1/channels" end,
  function() return "/api/v1/health" end,
}

request = function()
  local headers = {}
  if flood then
    headers["X-Forwarded-For"] = flood
    return wrk.format("GET", "/api/v1/stats/leaderboard?period=all&limit=10", headers)
  end
  if clients > 0 then
    local c = math.random(clients) - 1
    headers["X-Forwarded-For"] = "10." .. (math.floor(c / 65536) % 256) .. "." ..
      (math.floor(c / 256) % 256) .. "." .. (c % 256)
  end
  return wrk.format("GET", paths[math.random(#paths)](), headers)
end
