-- Moves a user's last read offset forward. KEYS[1] user -> offset (hash). ARGV: user, offset, key TTL s.
-- Returns 1 when the offset moved forward (or was first set), 0 otherwise.
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
local offset = tonumber(ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
if offset > current then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return 1
end
return 0
