import { randomUUID } from 'node:crypto';

import type { IdempotencyBeginResult, IdempotencyStore, StoredResponse } from '@proj/application/edge';

import { LuaScript } from './lua-script.js';
import type { RedisConnection } from './redis-connection.js';

// KEYS[1] record; ARGV fingerprint, token, lease ms. Reserves an absent key, or reports what is there.
const BEGIN = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'state', 'in-progress', 'fingerprint', ARGV[1], 'token', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {'reserved'}
end
local record = redis.call('HMGET', KEYS[1], 'state', 'fingerprint', 'response')
return {record[1], record[2], record[3] or ''}
`);

// KEYS[1] record; ARGV token, response JSON, retention ms. Only the owner of a reservation completes it.
const COMPLETE = new LuaScript(`
local record = redis.call('HMGET', KEYS[1], 'state', 'token')
if record[1] ~= 'in-progress' or record[2] ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', 'completed', 'response', ARGV[2])
redis.call('HDEL', KEYS[1], 'token')
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`);

// KEYS[1] record; ARGV token. Only the owner of a reservation drops it.
const RELEASE = new LuaScript(`
local record = redis.call('HMGET', KEYS[1], 'state', 'token')
if record[1] ~= 'in-progress' or record[2] ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`);

/**
 * IdempotencyStore in Redis: one hash per key under `<prefix>idempotency:<key>` holding the state,
 * the request fingerprint, the owner's token while in progress and the response once completed.
 * Every transition is one Lua script, so concurrent instances see each key change atomically.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keyPrefix: string,
  ) {}

  async begin(key: string, fingerprint: string, leaseMs: number): Promise<IdempotencyBeginResult> {
    const token = randomUUID();
    const args = [fingerprint, token, String(Math.ceil(leaseMs))];
    const reply = (await this.redis.run((client) => BEGIN.run(client, [this.#key(key)], args))) as string[];
    const [state, storedFingerprint = '', response = ''] = reply;
    if (state === 'reserved') return { outcome: 'reserved', token };
    if (state === 'completed')
      return { outcome: 'completed', fingerprint: storedFingerprint, response: JSON.parse(response) as StoredResponse };
    return { outcome: 'in-progress', fingerprint: storedFingerprint };
  }

  async complete(key: string, token: string, response: StoredResponse, retentionMs: number): Promise<boolean> {
    const args = [token, JSON.stringify(response), String(Math.ceil(retentionMs))];
    const done = await this.redis.run((client) => COMPLETE.run(client, [this.#key(key)], args));
    return done === 1;
  }

  async release(key: string, token: string): Promise<boolean> {
    return (await this.redis.run((client) => RELEASE.run(client, [this.#key(key)], [token]))) === 1;
  }

  #key(key: string): string {
    return `${this.keyPrefix}idempotency:${key}`;
  }
}
