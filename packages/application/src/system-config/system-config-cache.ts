import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { SystemConfigSource } from '../ports/system-config-source.js';
import type { SystemConfigKey } from './system-config-key.js';

/** After a failed load, the next attempt waits at most this long (or the TTL, if shorter). */
const RETRY_AFTER_FAILURE_MS = 5_000;
const NOTHING_LOADED: ReadonlyMap<string, unknown> = new Map();

export interface SystemConfigCacheOptions {
  readonly source: SystemConfigSource;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long a loaded configuration is served before it is loaded again. */
  readonly ttlMs: number;
}

/**
 * A fail-soft, TTL'd read of the system configuration (decisions 0045 and 0082).
 * `get(key, default)` never waits and never throws: it answers the key's value from the last good
 * load, or the default when the key is not set, its stored value breaks the key's rule (logged once
 * per load), or the source never answered. When the last load is older than the TTL, a reload starts
 * in the background, one at a time; a failing source is logged once per outage and retried sooner
 * than the TTL.
 */
export class SystemConfigCache {
  readonly #options: SystemConfigCacheOptions;
  #raw: ReadonlyMap<string, unknown> = NOTHING_LOADED;
  /** Typed values of the current load, parsed on first use; `undefined` marks an invalid value. */
  #parsed = new Map<string, { readonly value: unknown }>();
  #nextLoadAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> | undefined;
  #failing = false;

  constructor(options: SystemConfigCacheOptions) {
    this.#options = options;
  }

  /** The value of `key` to use now (see the class comment). Starts a background reload when stale. */
  get<T>(key: SystemConfigKey<T>, defaultValue: T = key.defaultValue): T {
    try {
      if (this.#options.clock.now().getTime() >= this.#nextLoadAt) void this.refresh();
      const value = this.#valueOf(key);
      return value === undefined ? defaultValue : value;
    } catch {
      return defaultValue;
    }
  }

  /** Loads now, or joins a load under way. Resolves once it ended, well or not; never rejects. */
  refresh(): Promise<void> {
    this.#loading ??= this.#load().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  #valueOf<T>(key: SystemConfigKey<T>): T | undefined {
    const known = this.#parsed.get(key.name);
    if (known !== undefined) return known.value as T | undefined;
    const raw = this.#raw.get(key.name);
    const value = raw === undefined || raw === null ? undefined : key.parse(raw);
    if (raw !== undefined && raw !== null && value === undefined) {
      this.#options.logger.warn(`system config value ignored: not ${key.rule}`, { setting: key.name });
    }
    this.#parsed.set(key.name, { value });
    return value;
  }

  async #load(): Promise<void> {
    const { source, clock, logger, ttlMs } = this.#options;
    try {
      const raw = await source.load();
      this.#raw = raw;
      this.#parsed = new Map();
      this.#nextLoadAt = clock.now().getTime() + ttlMs;
      if (this.#failing) logger.info('system config readable again');
      this.#failing = false;
    } catch (error) {
      this.#nextLoadAt = clock.now().getTime() + Math.min(ttlMs, RETRY_AFTER_FAILURE_MS);
      if (!this.#failing) {
        logger.warn('system config unreadable; keeping the last good values', {
          reason: error instanceof Error ? error.message : String(error),
        });
      }
      this.#failing = true;
    }
  }
}
