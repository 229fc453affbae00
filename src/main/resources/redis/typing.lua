-- Typing state of one channel. KEYS: [1] user -> expiry (zset)  [2] user -> connection (hash)
-- ARGV[1] is the operation:
--   start user conn expiry keyTtlMs -> 1 when the user was not typing
--   stop user                       -> 1 when the user was typing
--   left user conn                  -> 1 when that connection's typing was removed
--   expire now                      -> user, connection pairs whose indicator expired
local op = ARGV[1]
if op == 'start' then
  local new = redis.call('ZADD', KEYS[1], ARGV[4], ARGV[2])
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
  return new
elseif op == 'stop' then
  redis.call('HDEL', KEYS[2], ARGV[2])
  return redis.call('ZREM', KEYS[1], ARGV[2])
elseif op == 'left' then
  if redis.call('HGET', KEYS[2], ARGV[2]) ~= ARGV[3] then
    return 0
  end
  redis.call('HDEL', KEYS[2], ARGV[2])
  return redis.call('ZREM', KEYS[1], ARGV[2])
elseif op == 'expire' then
  local users = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
  local expired = {}
  for _, user in ipairs(users) do
    table.insert(expired, user)
    table.insert(expired, redis.call('HGET', KEYS[2], user) or '')
    redis.call('ZREM', KEYS[1], user)
    redis.call('HDEL', KEYS[2], user)
  end
  return expired
end
return redis.error_reply('unknown typing operation')
