import { defineScript, type CommandParser } from 'redis';

/** A script as node-redis runs it: `client.<name>(key, ...args)` resolves to `Reply`. */
export interface OneKeyScript<Reply> {
  readonly SCRIPT: string;
  readonly NUMBER_OF_KEYS: number;
  readonly SHA1: string;
  parseCommand(this: void, parser: CommandParser, key: string, ...args: string[]): void;
  readonly transformReply: () => Reply;
}

/**
 * A Lua script on one key, run atomically by Redis. node-redis sends it by its SHA1 (EVALSHA) and
 * loads it with EVAL when the server does not know it yet (after a restart, say).
 */
function script<Reply>(source: string): OneKeyScript<Reply> {
  return defineScript({
    SCRIPT: source,
    NUMBER_OF_KEYS: 1,
    parseCommand(parser: CommandParser, key: string, ...args: string[]): void {
      parser.pushKey(key);
      parser.push(...args);
    },
    transformReply: undefined as unknown as () => Reply,
  });
}

/** Every script the adapters run, registered on the client (`createClient({ scripts })`). */
export const REDIS_SCRIPTS = {
  // KEYS[1] entry; ARGV version, value, ttl ms. Stores only over an absent or older entry.
  cachePutIfNewer: script<number>(`
local current = redis.call('HGET', KEYS[1], 'version')
if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'value', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`),
  // KEYS[1] lock; ARGV token. Deletes the lock only if the token still owns it.
  lockRelease: script<number>(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`),
  // KEYS[1] lock; ARGV token, ttl ms. Renews the lock only if the token still owns it.
  lockExtend: script<number>(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`),
  // KEYS[1] record; ARGV fingerprint, token, lease ms. Reserves an absent key, or reports what is there.
  idempotencyBegin: script<string[]>(`
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'state', 'in-progress', 'fingerprint', ARGV[1], 'token', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {'reserved'}
end
local record = redis.call('HMGET', KEYS[1], 'state', 'fingerprint', 'response')
return {record[1], record[2], record[3] or ''}
`),
  // KEYS[1] record; ARGV token, response JSON, retention ms. Only the owner of a reservation completes it.
  idempotencyComplete: script<number>(`
local record = redis.call('HMGET', KEYS[1], 'state', 'token')
if record[1] ~= 'in-progress' or record[2] ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', 'completed', 'response', ARGV[2])
redis.call('HDEL', KEYS[1], 'token')
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`),
  // KEYS[1] record; ARGV token. Only the owner of a reservation drops it.
  idempotencyRelease: script<number>(`
local record = redis.call('HMGET', KEYS[1], 'state', 'token')
if record[1] ~= 'in-progress' or record[2] ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`),
  // A token bucket per caller, on the Redis server's clock so that every instance agrees. A raised
  // limit grants its extra allowance at once. Takes as many of the wanted tokens as are whole in the
  // bucket, so a lease never overdraws it.
  // KEYS[1] bucket; ARGV limit, window ms, tokens wanted. Returns tokens granted (0 = denied), whole
  // tokens left, ms until the next token when denied, ms until the bucket is full.
  rateLimitConsumeUpTo: script<number[]>(`
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'limit')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
local previous = tonumber(state[3])
if tokens == nil or at == nil then
  tokens = limit
  at = now
elseif previous ~= nil and limit > previous then
  tokens = tokens + (limit - previous)
end
local perMs = limit / window
tokens = math.min(limit, tokens + math.max(0, now - at) * perMs)
local granted = math.max(0, math.min(wanted, math.floor(tokens)))
tokens = tokens - granted
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now), 'limit', tostring(limit))
redis.call('PEXPIRE', KEYS[1], math.ceil(window))
local retry = 0
if granted == 0 then retry = math.ceil((1 - tokens) / perMs) end
return {granted, math.floor(tokens), retry, math.ceil((limit - tokens) / perMs)}
`),
};
