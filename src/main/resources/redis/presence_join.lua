-- Adds a connection to a channel's presence. Returns FIRST for the user's first connection there,
-- AGAIN for another one, FULL when a new user would exceed the member cap.
-- KEYS: [1] conn -> expiry (zset)  [2] conn -> user (hash)  [3] user -> connection count (hash)
--       [4] user -> info JSON (hash)
-- ARGV: [1] conn  [2] user  [3] info JSON  [4] expiry (epoch ms)  [5] max members (0: none)  [6] key TTL ms
local ttl = tonumber(ARGV[6])
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
  redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
  return 'AGAIN'
end
local max = tonumber(ARGV[5])
if max > 0 and redis.call('HEXISTS', KEYS[3], ARGV[2]) == 0 and redis.call('HLEN', KEYS[3]) >= max then
  return 'FULL'
end
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
local count = redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
redis.call('HSET', KEYS[4], ARGV[2], ARGV[3])
for i = 1, 4 do
  redis.call('PEXPIRE', KEYS[i], ttl)
end
if count == 1 then
  return 'FIRST'
end
return 'AGAIN'
