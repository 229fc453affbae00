-- Writes one node's subscription counts and keeps the cluster totals. A channel whose total rises from zero is
-- occupied, unless it is still settling after a vacate (then the vacate is cancelled and nothing is said); a
-- channel whose total falls to zero starts settling (or is vacated at once without a settle delay).
-- KEYS[1] totals hash, KEYS[2] this node's hash, KEYS[3] nodes zset (node -> expiry ms)
-- ARGV[1] node, ARGV[2] node expiry ms, ARGV[3] settling key prefix, ARGV[4] settle ms, ARGV[5] token,
-- then channel, count pairs. Returns {occupied channels, vacated channels, settling channels}.
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
local occupied, vacated, settling = {}, {}, {}
local settle = tonumber(ARGV[4])
for i = 6, #ARGV, 2 do
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
          redis.call('SET', ARGV[3] .. channel, ARGV[5], 'PX', settle * 4 + 1000)
          table.insert(settling, channel)
        else
          table.insert(vacated, channel)
        end
      end
    elseif before <= 0 then
      if redis.call('DEL', ARGV[3] .. channel) == 0 then
        table.insert(occupied, channel)
      end
    end
  end
end
return {occupied, vacated, settling}
