import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { RuntimeSettingsSource } from '../ports/runtime-settings-source.js';

/** Settings operators can change while the service runs. `undefined`: not set, use the static default. */
export interface RuntimeSettings {
  /** Overrides the configured requests per minute per caller while set; 0 turns limiting off. */
  readonly rateLimitPerMinute: number | undefined;
}

/** The keys under which the source stores each runtime setting. */
export const RUNTIME_SETTING_KEYS = {
  rateLimitPerMinute: 'rate_limit_per_minute',
} as const satisfies Record<keyof RuntimeSettings, string>;

const NOTHING_SET: RuntimeSettings = Object.freeze({ rateLimitPerMinute: undefined });
const MAX_RATE_LIMIT_PER_MINUTE = 1_000_000;
/** After a failed load, the next attempt waits at most this long (or the TTL, if shorter). */
const RETRY_AFTER_FAILURE_MS = 5_000;

export interface RuntimeSettingsCacheOptions {
  readonly source: RuntimeSettingsSource;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long a loaded value is served before it is loaded again. */
  readonly ttlMs: number;
}

/**
 * A fail-soft, TTL'd read of runtime settings. `current()` never waits and never fails: it
 * answers the last good value (or "nothing set" before the first good load) and, when that is
 * older than the TTL, reloads in the background, one load at a time. A failing source or an
 * invalid value is logged and otherwise ignored.
 */
export class RuntimeSettingsCache {
  readonly #options: RuntimeSettingsCacheOptions;
  #value: RuntimeSettings = NOTHING_SET;
  #nextLoadAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<RuntimeSettings> | undefined;
  #failing = false;

  constructor(options: RuntimeSettingsCacheOptions) {
    this.#options = options;
  }

  /** The settings to use now. Starts a background reload when they are stale. */
  current(): RuntimeSettings {
    if (this.#options.clock.now().getTime() >= this.#nextLoadAt) void this.refresh();
    return this.#value;
  }

  /** Loads now, or joins a load under way. Resolves to the settings in force afterwards; never rejects. */
  refresh(): Promise<RuntimeSettings> {
    this.#loading ??= this.#load().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  async #load(): Promise<RuntimeSettings> {
    const { source, clock, logger, ttlMs } = this.#options;
    try {
      const raw = await source.load();
      this.#value = Object.freeze(this.#parse(raw));
      this.#nextLoadAt = clock.now().getTime() + ttlMs;
      if (this.#failing) logger.info('runtime settings readable again');
      this.#failing = false;
    } catch (error) {
      this.#nextLoadAt = clock.now().getTime() + Math.min(ttlMs, RETRY_AFTER_FAILURE_MS);
      if (!this.#failing) {
        logger.warn('runtime settings unreadable; keeping the last good values', {
          reason: error instanceof Error ? error.message : String(error),
        });
      }
      this.#failing = true;
    }
    return this.#value;
  }

  #parse(raw: ReadonlyMap<string, unknown>): RuntimeSettings {
    const value = raw.get(RUNTIME_SETTING_KEYS.rateLimitPerMinute);
    if (value === undefined || value === null) return NOTHING_SET;
    const limit = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof limit === 'number' && Number.isInteger(limit) && limit >= 0 && limit <= MAX_RATE_LIMIT_PER_MINUTE) {
      return { rateLimitPerMinute: limit };
    }
    this.#options.logger.warn('runtime setting ignored: not a whole number from 0 to 1000000', {
      setting: RUNTIME_SETTING_KEYS.rateLimitPerMinute,
    });
    return NOTHING_SET;
  }
}
