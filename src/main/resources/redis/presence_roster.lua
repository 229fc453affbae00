-- A channel's presence roster: the exact number of distinct users and at most ARGV[1] of them with their info.
-- The members are read with HSCAN until enough are found, so a large channel is never sent whole (every join
-- of a presence channel asks for its roster). Returns {count, {user, info JSON, ...}}.
-- KEYS: [1] user -> connection count (hash)  [2] user -> info JSON (hash)
local limit = tonumber(ARGV[1])
local count = redis.call('HLEN', KEYS[1])
local members = {}
local seen = {}
local taken = 0
local cursor = '0'
repeat
  local page = redis.call('HSCAN', KEYS[2], cursor, 'COUNT', limit)
  cursor = page[1]
  local fields = page[2]
  for i = 1, #fields, 2 do
    -- A scan may return an entry twice; each user is listed once.
    if taken < limit and not seen[fields[i]] then
      seen[fields[i]] = true
      taken = taken + 1
      members[#members + 1] = fields[i]
      members[#members + 1] = fields[i + 1]
    end
  end
until cursor == '0' or taken >= limit
return {count, members}
