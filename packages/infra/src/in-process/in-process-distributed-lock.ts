import { randomUUID } from 'node:crypto';

import type { Clock, DistributedLock, LockLease } from '@proj/application';

import { ExpiringMap } from './expiring-map.js';

/** DistributedLock within this process only, for a single instance (development without Redis). */
export class InProcessDistributedLock implements DistributedLock {
  readonly #holders: ExpiringMap<string>;

  constructor(clock: Clock) {
    this.#holders = new ExpiringMap(clock, 10_000);
  }

  async tryAcquire(resource: string, ttlMs: number): Promise<LockLease | undefined> {
    if (this.#holders.get(resource) !== undefined) return undefined;
    const token = randomUUID();
    this.#holders.set(resource, token, ttlMs);
    const owns = (): boolean => this.#holders.get(resource) === token;
    return {
      resource,
      token,
      extend: async (newTtlMs) => {
        if (!owns()) return false;
        this.#holders.set(resource, token, newTtlMs);
        return true;
      },
      release: async () => {
        if (!owns()) return false;
        this.#holders.delete(resource);
        return true;
      },
    };
  }
}
