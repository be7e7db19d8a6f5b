import type { UserId } from '@proj/domain';

import type { CacheMetrics } from '../ports/cache-metrics.js';
import type { Cache } from '../ports/cache.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { UserDto } from './user-dto.js';

export interface UserCacheOptions {
  readonly cache: Cache;
  readonly metrics: CacheMetrics;
  readonly logger: Logger;
  readonly clock: Clock;
  /** How long a user stays cached. 0 turns the cache off (every read goes to the source). */
  readonly ttlMs: number;
  /** How long "no such user" stays cached. 0 never caches absence. */
  readonly absentTtlMs: number;
}

/** The metric and log name of this cache. */
export const USER_CACHE_NAME = 'users';

const KEY_PREFIX = 'user:';
/** Stored for an id that has no user; version 0 is below every real user's version (1+). */
const ABSENT = 'absent';
const ABSENT_VERSION = 0;
/** Bounds the invalidations remembered while the cache is unreachable. */
const MAX_PENDING = 10_000;
/** How often remembered invalidations are retried while the cache is unreachable. */
const RETRY_EVERY_MS = 1_000;

/**
 * The user cache, over the shared `Cache` port: the use cases call it themselves (decision 0075).
 * `GetUserById` reads through it; a write use case hands it the user after its write commits.
 * Entries are the user's DTO, versioned with the user's `version`, so that neither a reader that
 * loaded an older row nor an earlier write can replace a newer entry (decision 0041); a hit
 * returns the cached DTO as it is, without rebuilding the aggregate.
 *
 * Best effort by design: a failed lookup counts as a miss, the outage is logged once, and the
 * read is answered from the source. A write whose cache update fails is remembered and retried; until it lands, this
 * instance reads that user from the source.
 */
export class UserCache {
  readonly #options: UserCacheOptions;
  readonly #pending = new Map<string, UserDto>();
  #lastRetryAt = Number.NEGATIVE_INFINITY;
  #failing = false;

  constructor(options: UserCacheOptions) {
    this.#options = options;
  }

  /** Users whose cache update has not landed yet (the cache was unreachable). */
  get pendingWrites(): number {
    return this.#pending.size;
  }

  /**
   * Reads through the cache: a hit answers from it; a miss calls `load` and caches its answer
   * (absence only for `absentTtlMs`). Never rejects because of the cache; `load`'s own failures
   * propagate.
   */
  async read(id: UserId, load: () => Promise<UserDto | undefined>): Promise<UserDto | undefined> {
    const { cache, metrics, ttlMs } = this.#options;
    if (ttlMs <= 0) return load();
    await this.#retryPending();
    if (this.#pending.has(id.value)) {
      metrics.recordMiss(USER_CACHE_NAME);
      return load();
    }
    let entry;
    try {
      entry = await cache.get(keyOf(id.value));
      this.#recovered();
    } catch (error) {
      this.#failed('get', error);
      metrics.recordMiss(USER_CACHE_NAME);
      // The cache is down or slow: do not spend another timeout on filling it.
      return load();
    }
    const cached = entry === undefined ? undefined : decode(entry.value);
    if (cached !== undefined) {
      metrics.recordHit(USER_CACHE_NAME);
      return cached === ABSENT ? undefined : cached;
    }
    metrics.recordMiss(USER_CACHE_NAME);
    const user = await load();
    await this.#fill(id.value, user);
    return user;
  }

  /**
   * Stores the state of a user after a write that changed it has committed, so that every
   * instance reads the new state at once. Never rejects: a failure is remembered and retried.
   */
  async remember(user: UserDto): Promise<void> {
    if (this.#options.ttlMs <= 0) return;
    await this.#retryPending();
    this.#pending.delete(user.id);
    if (!(await this.#put(user))) this.#remember(user);
  }

  async #fill(id: string, user: UserDto | undefined): Promise<void> {
    if (user !== undefined) {
      await this.#put(user);
    } else if (this.#options.absentTtlMs > 0) {
      await this.#store(id, { value: ABSENT, version: ABSENT_VERSION }, this.#options.absentTtlMs);
    }
  }

  #put(user: UserDto): Promise<boolean> {
    return this.#store(user.id, { value: encode(user), version: user.version }, this.#options.ttlMs);
  }

  /** @returns false when the cache could not be written. */
  async #store(id: string, entry: { value: string; version: number }, ttlMs: number): Promise<boolean> {
    try {
      await this.#options.cache.put(keyOf(id), entry, ttlMs);
      this.#recovered();
      return true;
    } catch (error) {
      this.#failed('put', error);
      return false;
    }
  }

  #remember(user: UserDto): void {
    if (this.#pending.size >= MAX_PENDING) {
      this.#options.logger.error('user cache: too many updates could not be written; some cached users may be stale until their TTL ends', {
        cache: USER_CACHE_NAME,
        dropped: this.#pending.size,
      });
      this.#pending.clear();
    }
    this.#pending.set(user.id, user);
  }

  async #retryPending(): Promise<void> {
    if (this.#pending.size === 0) return;
    const now = this.#options.clock.now().getTime();
    if (now - this.#lastRetryAt < RETRY_EVERY_MS) return;
    this.#lastRetryAt = now;
    for (const [id, user] of [...this.#pending]) {
      if (!(await this.#put(user))) return;
      if (this.#pending.get(id) === user) this.#pending.delete(id);
    }
  }

  #failed(operation: 'get' | 'put', error: unknown): void {
    if (this.#failing) return;
    this.#failing = true;
    this.#options.logger.warn('user cache unavailable; reading users from the database', {
      cache: USER_CACHE_NAME,
      operation,
      reason: error instanceof Error ? error.message : String(error),
    });
  }

  #recovered(): void {
    if (!this.#failing) return;
    this.#failing = false;
    this.#options.logger.info('user cache available again', { cache: USER_CACHE_NAME });
  }
}

function keyOf(id: string): string {
  return `${KEY_PREFIX}${id}`;
}

function encode(user: UserDto): string {
  return JSON.stringify(user);
}

/** @returns the user, `ABSENT`, or `undefined` for an entry this build cannot read (a miss). */
function decode(value: string): UserDto | typeof ABSENT | undefined {
  if (value === ABSENT) return ABSENT;
  try {
    const raw = JSON.parse(value) as Record<string, unknown>;
    if (typeof raw.createdAt !== 'string' || typeof raw.updatedAt !== 'string') return undefined;
    return Object.freeze({ ...(raw as unknown as UserDto), createdAt: new Date(raw.createdAt), updatedAt: new Date(raw.updatedAt) });
  } catch {
    return undefined;
  }
}
