-- Gives a message the next offset of its channel, keeps it in the channel's stream and publishes it,
-- atomically, so offsets have no gaps and pub/sub order is offset order.
-- KEYS[1] meta hash (offset, epoch)   KEYS[2] history stream
-- ARGV[1] pub/sub topic ("" = do not publish)   ARGV[2] publication JSON (without offset/epoch)
-- ARGV[3] history size   ARGV[4] history TTL seconds   ARGV[5] epoch to use if the channel is new
local offset = redis.call('HINCRBY', KEYS[1], 'offset', 1)
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then
  epoch = ARGV[5]
  redis.call('HSET', KEYS[1], 'epoch', epoch)
end
local size = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])
if size > 0 then
  redis.call('XADD', KEYS[2], 'MAXLEN', size, '*', 'o', offset, 'p', ARGV[2])
  redis.call('EXPIRE', KEYS[2], math.max(ttl, 1))
end
-- The position outlives the retained messages, so a quiet channel keeps its epoch for a while.
redis.call('EXPIRE', KEYS[1], math.max(ttl * 2, 3600))
if ARGV[1] ~= '' then
  local json = string.sub(ARGV[2], 1, -2) .. ',"o":' .. offset .. ',"ep":"' .. epoch .. '"}'
  redis.call('PUBLISH', ARGV[1], json)
end
return {offset, epoch}
