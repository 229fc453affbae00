-- Removes connections from a channel's presence: ARGV[1] names one connection (of user ARGV[3]); with
-- ARGV[1] empty, every connection whose expiry (zset score) is at or before ARGV[2] is removed. Returns a
-- flat list of user, info JSON for each user whose last connection left.
-- KEYS: as in presence_join.lua
local conns
if ARGV[1] ~= '' then
  conns = {ARGV[1]}
else
  conns = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
end
local left = {}
for _, conn in ipairs(conns) do
  local user = redis.call('HGET', KEYS[2], conn)
  if user and ARGV[3] and ARGV[3] ~= '' and user ~= ARGV[3] then
    user = false
  else
    redis.call('ZREM', KEYS[1], conn)
  end
  if user then
    redis.call('HDEL', KEYS[2], conn)
    local count = redis.call('HINCRBY', KEYS[3], user, -1)
    if count <= 0 then
      redis.call('HDEL', KEYS[3], user)
      local info = redis.call('HGET', KEYS[4], user) or '{}'
      redis.call('HDEL', KEYS[4], user)
      table.insert(left, user)
      table.insert(left, info)
    end
  end
end
return left
