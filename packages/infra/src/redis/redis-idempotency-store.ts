import { randomUUID } from 'node:crypto';

import type { IdempotencyBeginResult, IdempotencyStore, StoredResponse } from '@proj/application/edge';

import type { RedisConnection } from './redis-connection.js';

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
    const reply = await this.redis.run((client) => client.idempotencyBegin(this.#key(key), ...args));
    const [state, storedFingerprint = '', response = ''] = reply;
    if (state === 'reserved') return { outcome: 'reserved', token };
    if (state === 'completed')
      return { outcome: 'completed', fingerprint: storedFingerprint, response: JSON.parse(response) as StoredResponse };
    return { outcome: 'in-progress', fingerprint: storedFingerprint };
  }

  async complete(key: string, token: string, response: StoredResponse, retentionMs: number): Promise<boolean> {
    const args = [token, JSON.stringify(response), String(Math.ceil(retentionMs))];
    const done = await this.redis.run((client) => client.idempotencyComplete(this.#key(key), ...args));
    return done === 1;
  }

  async release(key: string, token: string): Promise<boolean> {
    return (await this.redis.run((client) => client.idempotencyRelease(this.#key(key), token))) === 1;
  }

  #key(key: string): string {
    return `${this.keyPrefix}idempotency:${key}`;
  }
}
