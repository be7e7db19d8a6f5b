import type { IdempotencyStore } from '../edge/idempotency-store.js';
import type { LeasableRateLimiter } from '../edge/rate-limiting/rate-limiter.js';
import type { Cache } from '../ports/cache.js';
import type { DistributedLock } from '../ports/distributed-lock.js';
import { describeCacheContract } from './describe-cache-contract.js';
import { describeDistributedLockContract } from './describe-distributed-lock-contract.js';
import { describeIdempotencyStoreContract } from './describe-idempotency-store-contract.js';
import { describeRateLimiterContract } from './describe-rate-limiter-contract.js';
import type { Elapse } from './elapse.js';

/** One implementation of every port through which instances coordinate. */
export interface CoordinationAdapters {
  readonly cache: Cache;
  readonly idempotencyStore: IdempotencyStore;
  readonly rateLimiter: LeasableRateLimiter;
  readonly lock: DistributedLock;
  /** Moves these adapters' time forward (a fake clock, or the stored expiry of the test's keys). */
  readonly elapse: Elapse;
}

/**
 * The shared contract of the coordination ports (cache, idempotency store, rate limiter,
 * distributed lock). Run it against every implementation (Redis, in-process) so that they cannot
 * drift apart. `make` may return the same adapters every time: tests use keys of their own.
 */
export function describeCoordinationContract(name: string, make: () => Promise<CoordinationAdapters>): void {
  describe(`${name} (coordination contract)`, () => {
    const elapse: Elapse = async (ms) => (await make()).elapse(ms);
    describeCacheContract(name, async () => (await make()).cache, elapse);
    describeIdempotencyStoreContract(name, async () => (await make()).idempotencyStore, elapse);
    describeRateLimiterContract(name, async () => (await make()).rateLimiter, elapse);
    describeDistributedLockContract(name, async () => (await make()).lock, elapse);
  });
}
