-- Ends a held departure: returns 1 (announce it) when the key still holds this token, i.e. no arrival cancelled it.
-- KEYS[1] the departure's key; ARGV[1] its token.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
