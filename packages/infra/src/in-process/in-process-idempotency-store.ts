import { randomUUID } from 'node:crypto';

import type { LRUCache } from 'lru-cache';

import type { Clock } from '@proj/application';
import type { IdempotencyBeginResult, IdempotencyStore, StoredResponse } from '@proj/application/edge';

import { expiringLruCache } from './expiring-lru-cache.js';

type IdempotencyRecord =
  | { readonly state: 'in-progress'; readonly fingerprint: string; readonly token: string }
  | { readonly state: 'completed'; readonly fingerprint: string; readonly response: StoredResponse };

/** IdempotencyStore in this process's memory, for a single instance (development without Redis). */
export class InProcessIdempotencyStore implements IdempotencyStore {
  readonly #records: LRUCache<string, IdempotencyRecord>;

  constructor(clock: Clock, options: { readonly maxEntries?: number } = {}) {
    this.#records = expiringLruCache(clock, options.maxEntries ?? 100_000);
  }

  async begin(key: string, fingerprint: string, leaseMs: number): Promise<IdempotencyBeginResult> {
    const record = this.#records.get(key);
    if (record === undefined) {
      const token = randomUUID();
      this.#records.set(key, { state: 'in-progress', fingerprint, token }, { ttl: leaseMs });
      return { outcome: 'reserved', token };
    }
    return record.state === 'completed'
      ? { outcome: 'completed', fingerprint: record.fingerprint, response: record.response }
      : { outcome: 'in-progress', fingerprint: record.fingerprint };
  }

  async complete(key: string, token: string, response: StoredResponse, retentionMs: number): Promise<boolean> {
    const record = this.#records.get(key);
    if (record?.state !== 'in-progress' || record.token !== token) return false;
    this.#records.set(key, { state: 'completed', fingerprint: record.fingerprint, response }, { ttl: retentionMs });
    return true;
  }

  async release(key: string, token: string): Promise<boolean> {
    const record = this.#records.get(key);
    if (record?.state !== 'in-progress' || record.token !== token) return false;
    this.#records.delete(key);
    return true;
  }
}
