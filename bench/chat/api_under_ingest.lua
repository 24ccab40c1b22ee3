-- wrk script for bench/chat/api_under_ingest.sh: every other request is the leaderboard,
-- the others the stats of one of the stand-in's 50 generated chatters (viewer0..viewer49).
local n = 0
request = function()
  n = n + 1
  if n % 2 == 0 then
    return wrk.format("GET", "/api/v1/stats/leaderboard?period=all&limit=10")
  end
  return wrk.format("GET", "/api/v1/stats/user/viewer" .. (n % 50) .. "?period=all")
end
