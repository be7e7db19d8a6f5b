/** A held lock. It ends at the latest when its time to live runs out. */
export interface LockLease {
  readonly resource: string;
  /** The owner's secret: only the holder of this lease can extend or release it. */
  readonly token: string;

  /**
   * Resets the time to live to `ttlMs`, only while this lease still owns the lock.
   * @returns false when the lock has expired or belongs to someone else now.
   */
  extend(ttlMs: number): Promise<boolean>;

  /**
   * Releases the lock, only while this lease still owns it: a holder that outlived its lease
   * never deletes the lock of the next holder.
   * @returns false when the lock was no longer this lease's.
   */
  release(): Promise<boolean>;
}

/**
 * Mutual exclusion across every instance that shares the lock store, for work that must run once
 * at a time (migrations at start, periodic clean-ups). Locks expire, so a crashed holder cannot
 * block the others forever.
 *
 * May reject with `DependencyUnavailableError` when the store cannot answer.
 */
export interface DistributedLock {
  /** Tries once. @returns the lease, or `undefined` when another holder has the lock. */
  tryAcquire(resource: string, ttlMs: number): Promise<LockLease | undefined>;
}
