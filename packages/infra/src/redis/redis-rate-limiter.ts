import type { LeasableRateLimiter, RateLimitDecision, RateLimitGrant, RateLimitPolicy } from '@proj/application/edge';

import { LuaScript } from './lua-script.js';
import type { RedisConnection } from './redis-connection.js';

// A token bucket per caller, on the Redis server's clock so that every instance agrees. A raised
// limit grants its extra allowance at once. Takes as many of the wanted tokens as are whole in the
// bucket, so a lease never overdraws it.
// KEYS[1] bucket; ARGV limit, window ms, tokens wanted. Returns tokens granted (0 = denied), whole
// tokens left, ms until the next token when denied, ms until the bucket is full.
const CONSUME_UP_TO = new LuaScript(`
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
`);

/**
 * RateLimiter in Redis: a token bucket per caller under `<prefix>ratelimit:<caller>`, updated by
 * one Lua script so that concurrent requests on any number of instances are counted exactly. An
 * idle bucket expires after one window, when it would be full anyway.
 */
export class RedisRateLimiter implements LeasableRateLimiter {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keyPrefix: string,
  ) {}

  consume(caller: string, policy: RateLimitPolicy): Promise<RateLimitDecision> {
    return this.consumeUpTo(caller, policy, 1);
  }

  async consumeUpTo(caller: string, policy: RateLimitPolicy, wanted: number): Promise<RateLimitGrant> {
    const key = `${this.keyPrefix}ratelimit:${caller}`;
    const args = [String(policy.limit), String(policy.windowMs), String(wanted)];
    const reply = (await this.redis.run((client) => CONSUME_UP_TO.run(client, [key], args))) as number[];
    const [granted = 0, remaining = 0, retryMs = 0, resetMs = 0] = reply.map(Number);
    return {
      allowed: granted >= 1,
      granted,
      limit: policy.limit,
      remaining,
      resetSeconds: Math.ceil(resetMs / 1000),
      retryAfterSeconds: granted >= 1 ? 0 : Math.max(1, Math.ceil(retryMs / 1000)),
    };
  }
}
