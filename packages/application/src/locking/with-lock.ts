import { LockNotAcquiredError } from '../errors/lock-not-acquired-error.js';
import type { Clock } from '../ports/clock.js';
import type { DistributedLock } from '../ports/distributed-lock.js';

export interface WithLockOptions {
  readonly clock: Clock;
  /** Lifetime of the lock; it is renewed every third of it while `work` runs. */
  readonly ttlMs: number;
  /** How long to wait for another holder to finish before giving up. */
  readonly waitMs: number;
  /** Pause between attempts while waiting. Default 100 ms. */
  readonly retryEveryMs?: number;
  /** Called once if a renewal finds the lock lost (it expired and someone else took it). */
  readonly onLost?: () => void;
}

/**
 * Runs `work` while holding `resource`, waiting up to `waitMs` for it. The lease is renewed while
 * `work` runs, so work longer than the TTL keeps the lock, while a crashed holder's lock still
 * expires. The lock is released afterwards (a failed release only leaves it to expire).
 * @throws LockNotAcquiredError when the lock stayed held by someone else for `waitMs`.
 */
export async function withLock<T>(lock: DistributedLock, resource: string, options: WithLockOptions, work: () => Promise<T>): Promise<T> {
  const startedAt = options.clock.now().getTime();
  let lease = await lock.tryAcquire(resource, options.ttlMs);
  while (lease === undefined) {
    const waited = options.clock.now().getTime() - startedAt;
    if (waited >= options.waitMs) throw new LockNotAcquiredError(resource, waited);
    await new Promise((resolve) => setTimeout(resolve, options.retryEveryMs ?? 100));
    lease = await lock.tryAcquire(resource, options.ttlMs);
  }
  const held = lease;
  let lost = false;
  const renewal = setInterval(
    () => {
      held.extend(options.ttlMs).then(
        (extended) => {
          if (!extended && !lost) {
            lost = true;
            options.onLost?.();
          }
        },
        () => undefined, // the store is unreachable: the next renewal tries again
      );
    },
    Math.max(1, Math.floor(options.ttlMs / 3)),
  );
  renewal.unref();
  try {
    return await work();
  } finally {
    clearInterval(renewal);
    await held.release().catch(() => false);
  }
}
