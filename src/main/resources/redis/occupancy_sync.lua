-- Writes one node's subscription counts and keeps the cluster totals. A channel whose total rises from zero is
-- occupied, unless it is still settling after a vacate (then the vacate is cancelled and nothing is said); a
-- channel whose total falls to zero settles until now + settle ms (occupancy_expire.lua announces it then), or is
-- vacated at once without a settle delay.
-- KEYS[1] totals hash, KEYS[2] this node's hash, KEYS[3] nodes zset (node -> expiry ms), KEYS[4] settling zset
-- (channel -> due ms). ARGV[1] node, ARGV[2] now ms, ARGV[3] node ttl ms, ARGV[4] settle ms, then channel, count
-- pairs. Returns {occupied channels, vacated channels}.
local now = tonumber(ARGV[2])
local settle = tonumber(ARGV[4])
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[3]), ARGV[1])
local occupied, vacated = {}, {}
for i = 5, #ARGV, 2 do
  local channel = ARGV[i]
  local count = tonumber(ARGV[i + 1])
  local old = tonumber(redis.call('HGET', KEYS[2], channel) or '0')
  if count ~= old then
    if count > 0 then
      redis.call('HSET', KEYS[2], channel, count)
    else
      redis.call('HDEL', KEYS[2], channel)
    end
    local total = redis.call('HINCRBY', KEYS[1], channel, count - old)
    local before = total - (count - old)
    if total <= 0 then
      redis.call('HDEL', KEYS[1], channel)
      if before > 0 then
        if settle > 0 then
          redis.call('ZADD', KEYS[4], now + settle, channel)
        else
          table.insert(vacated, channel)
        end
      end
    elseif before <= 0 then
      if redis.call('ZREM', KEYS[4], channel) == 0 then
        table.insert(occupied, channel)
      end
    end
  end
end
return {occupied, vacated}
