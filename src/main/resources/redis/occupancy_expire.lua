-- Removes the counts of every node whose expiry passed, as occupancy_sync.lua would for a node going to zero.
-- KEYS[1] totals hash, KEYS[2] nodes zset
-- ARGV[1] now ms, ARGV[2] node hash key prefix, ARGV[3] settling key prefix, ARGV[4] settle ms, ARGV[5] token.
-- Returns {{}, vacated channels, settling channels}.
local vacated, settling = {}, {}
local settle = tonumber(ARGV[4])
local dead = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
for _, node in ipairs(dead) do
  local counts = redis.call('HGETALL', ARGV[2] .. node)
  for i = 1, #counts, 2 do
    local channel = counts[i]
    local total = redis.call('HINCRBY', KEYS[1], channel, -tonumber(counts[i + 1]))
    if total <= 0 then
      redis.call('HDEL', KEYS[1], channel)
      if settle > 0 then
        redis.call('SET', ARGV[3] .. channel, ARGV[5], 'PX', settle * 4 + 1000)
        table.insert(settling, channel)
      else
        table.insert(vacated, channel)
      end
    end
  end
  redis.call('DEL', ARGV[2] .. node)
  redis.call('ZREM', KEYS[2], node)
end
return {{}, vacated, settling}
