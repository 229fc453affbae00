-- Ends a channel's settling: returns 1 (announce the vacate) when the settling key still holds this token,
-- i.e. nobody occupied the channel meanwhile.
-- KEYS[1] the channel's settling key; ARGV[1] token.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
