"""The Lua scripts of the Redis session store: each one read-check-write, atomic in Redis.

Key layout under the prefix ``P`` (``[scaleout] key_prefix``): ``P:s:<session id>`` is a
hash with ``__gen__`` (the fencing generation), ``__owner__`` (``<worker>|<incarnation>``,
empty once released) and one field ``k:<key>`` per stored entry (signed bytes), with a
TTL of ``session_ttl``; ``P:lease:<worker>`` holds the worker's incarnation with a TTL of
``lease_ttl`` (renewed every third of it). The claim script reads the owner's lease key,
which it cannot declare in advance: the store is for one Redis server, not a cluster.
"""

from __future__ import annotations

__all__ = ["CLAIM", "FORGET", "RELEASE", "WRITE"]

CLAIM = """
-- KEYS[1]: the session hash. ARGV: me (worker|incarnation), ttl ms, lease key prefix, force.
-- An unknown session: nothing is written. A live owner (its lease holds its incarnation):
-- 'busy' unless forced. Otherwise the generation counts up and the snapshot is returned.
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local owner = redis.call('HGET', KEYS[1], '__owner__')
if ARGV[4] ~= '1' and owner and owner ~= '' and owner ~= ARGV[1] then
  local sep = string.find(owner, '|', 1, true)
  if sep then
    local lease = redis.call('GET', ARGV[3] .. string.sub(owner, 1, sep - 1))
    if lease and lease == string.sub(owner, sep + 1) then return {'busy', owner} end
  end
end
local gen = redis.call('HINCRBY', KEYS[1], '__gen__', 1)
redis.call('HSET', KEYS[1], '__owner__', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {'ok', gen, redis.call('HGETALL', KEYS[1])}
"""

WRITE = """
-- KEYS[1]: the session hash. ARGV: generation held (0: a session this worker opened), me,
-- ttl ms, number of fields to set, then field/value pairs, then fields to delete.
-- Refused (0) when another claim counted the generation past ours (fencing).
local gen = redis.call('HGET', KEYS[1], '__gen__')
local mine = tonumber(ARGV[1])
if not gen then
  if mine == 0 then mine = 1 end
  redis.call('HSET', KEYS[1], '__gen__', mine, '__owner__', ARGV[2])
elseif tonumber(gen) ~= mine then
  return 0
end
local i = 5
for _ = 1, tonumber(ARGV[4]) do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  i = i + 2
end
while i <= #ARGV do
  redis.call('HDEL', KEYS[1], ARGV[i])
  i = i + 1
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return mine
"""

RELEASE = """
-- KEYS[1]: the session hash. ARGV: generation held, me. Clears the owner if still ours.
if redis.call('HGET', KEYS[1], '__gen__') == ARGV[1] and redis.call('HGET', KEYS[1], '__owner__') == ARGV[2] then
  redis.call('HSET', KEYS[1], '__owner__', '')
  return 1
end
return 0
"""

FORGET = """
-- KEYS[1]: the session hash. ARGV: generation held. Deletes the session if still ours.
if redis.call('HGET', KEYS[1], '__gen__') == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""
