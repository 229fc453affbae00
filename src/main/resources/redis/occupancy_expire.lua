-- Removes the counts of every node whose expiry passed, as occupancy_sync.lua would for a node going to zero, then
-- announces the channels whose settling is over (nobody occupied them again meanwhile). Whichever node runs it
-- first does the work, so each vacate is announced once.
-- KEYS[1] totals hash, KEYS[2] nodes zset, KEYS[3] settling zset
-- ARGV[1] now ms, ARGV[2] node hash key prefix, ARGV[3] settle ms.
-- Returns {{}, vacated channels}.
local now = tonumber(ARGV[1])
local settle = tonumber(ARGV[3])
local vacated = {}
local dead = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, node in ipairs(dead) do
  local counts = redis.call('HGETALL', ARGV[2] .. node)
  for i = 1, #counts, 2 do
    local channel = counts[i]
    local total = redis.call('HINCRBY', KEYS[1], channel, -tonumber(counts[i + 1]))
    if total <= 0 then
      redis.call('HDEL', KEYS[1], channel)
      if settle > 0 then
        redis.call('ZADD', KEYS[3], now + settle, channel)
      else
        table.insert(vacated, channel)
      end
    end
  end
  redis.call('DEL', ARGV[2] .. node)
  redis.call('ZREM', KEYS[2], node)
end
local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)
for _, channel in ipairs(due) do
  redis.call('ZREM', KEYS[3], channel)
  if not redis.call('HGET', KEYS[1], channel) then
    table.insert(vacated, channel)
  end
end
return {{}, vacated}
