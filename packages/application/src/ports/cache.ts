/** One cached value with the version of the data it was made from. */
export interface CacheEntry {
  readonly value: string;
  readonly version: number;
}

/**
 * A key-value store shared by every instance of the service, holding derived data that can be
 * rebuilt from the system of record at any time. Entries carry the version of the data they
 * were made from, so that a late writer holding old data can never replace newer data.
 *
 * Every method may reject with `DependencyUnavailableError` when the store cannot answer within
 * its timeout; callers treat the cache as best effort and fall back to the source of truth.
 */
export interface Cache {
  /** @returns the entry, or `undefined` when absent or expired. */
  get(key: string): Promise<CacheEntry | undefined>;

  /**
   * Stores `entry` for `ttlMs` milliseconds unless the key already holds an entry of the same
   * or a higher version, atomically. `ttlMs` must be positive.
   * @returns whether the entry was stored.
   */
  put(key: string, entry: CacheEntry, ttlMs: number): Promise<boolean>;

  /** Removes the key if present. */
  delete(key: string): Promise<void>;
}
