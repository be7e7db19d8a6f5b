import type { RateLimitDecision, RateLimiter, RateLimitPolicy } from '@proj/application';

import { LuaScript } from './lua-script.js';
import type { RedisConnection } from './redis-connection.js';

// A token bucket per caller, on the Redis server's clock so that every instance agrees. A raised
// limit grants its extra allowance at once.
// KEYS[1] bucket; ARGV limit, window ms. Returns allowed (0/1), whole tokens left, ms until the
// next token when denied, ms until the bucket is full.
const CONSUME = new LuaScript(`
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
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
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now), 'limit', tostring(limit))
redis.call('PEXPIRE', KEYS[1], math.ceil(window))
local retry = 0
if allowed == 0 then retry = math.ceil((1 - tokens) / perMs) end
return {allowed, math.floor(tokens), retry, math.ceil((limit - tokens) / perMs)}
`);

/**
 * RateLimiter in Redis: a token bucket per caller under `<prefix>ratelimit:<caller>`, updated by
 * one Lua script so that concurrent requests on any number of instances are counted exactly. An
 * idle bucket expires after one window, when it would be full anyway.
 */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keyPrefix: string,
  ) {}

  async consume(caller: string, policy: RateLimitPolicy): Promise<RateLimitDecision> {
    const key = `${this.keyPrefix}ratelimit:${caller}`;
    const args = [String(policy.limit), String(policy.windowMs)];
    const reply = (await this.redis.run((client) => CONSUME.run(client, [key], args))) as number[];
    const [allowed = 0, remaining = 0, retryMs = 0, resetMs = 0] = reply.map(Number);
    return {
      allowed: allowed === 1,
      limit: policy.limit,
      remaining,
      resetSeconds: Math.ceil(resetMs / 1000),
      retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil(retryMs / 1000)),
    };
  }
}
