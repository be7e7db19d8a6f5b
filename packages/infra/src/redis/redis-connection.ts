import { createClient, type RedisClientType } from 'redis';

import type { Logger } from '@proj/application';

import { mapRedisError } from './redis-errors.js';
import { REDIS_SCRIPTS } from './redis-scripts.js';

/** The client with the adapters' scripts registered (see `REDIS_SCRIPTS`). */
export type RedisClient = RedisClientType<Record<never, never>, Record<never, never>, typeof REDIS_SCRIPTS>;

export interface RedisConnectionOptions {
  readonly url: string;
  readonly connectTimeoutMs: number;
  /** Every command not answered within this rejects (the callers fall back). */
  readonly commandTimeoutMs: number;
  readonly logger: Logger;
}

const MAX_RECONNECT_DELAY_MS = 2_000;
const CLOSE_TIMEOUT_MS = 2_000;
/** Bounds the commands waiting for a hung server; beyond it commands fail at once. */
const MAX_QUEUED_COMMANDS = 10_000;

/**
 * One node-redis client for the process, connecting in the background and reconnecting for ever,
 * so that the service starts and keeps serving while Redis is down and uses it again as soon as it
 * is back, without a restart. While it is disconnected, commands fail at once instead of queueing
 * (`disableOfflineQueue`), and a slow Redis costs each command at most the command timeout, which
 * {@link RedisConnection.run} enforces on the reply. (node-redis's own per-command `timeout` is
 * turned off: it would cost an `AbortSignal` and a timer, which fires later, for every command.)
 * Logs one line when Redis becomes unreachable and one when it is back, never the URL's password.
 */
export class RedisConnection {
  readonly client: RedisClient;
  readonly #logger: Logger;
  readonly #where: string;
  readonly #commandTimeoutMs: number;
  #reachable: boolean | undefined;
  #closing = false;

  private constructor(options: RedisConnectionOptions) {
    this.#logger = options.logger;
    this.#where = describeUrl(options.url);
    this.#commandTimeoutMs = options.commandTimeoutMs;
    this.client = createRedisClient(options);
    this.client.on('ready', () => this.#reachableNow(true));
    this.client.on('error', (error: unknown) => this.#reachableNow(false, error));
  }

  /** Starts connecting and returns at once; see {@link RedisConnection.ready} to wait. */
  static open(options: RedisConnectionOptions): RedisConnection {
    const connection = new RedisConnection(options);
    connection.client.connect().catch((error: unknown) => {
      if (!connection.#closing) connection.#reachableNow(false, error);
    });
    return connection;
  }

  /** True while connected and able to take commands. */
  get isReady(): boolean {
    return this.client.isReady;
  }

  /**
   * Runs `command` on the client with a deadline of the command timeout. A failure to reach or
   * hear from Redis in time rejects with DependencyUnavailableError (a late reply is discarded);
   * other errors (a bug in a script, say) propagate unchanged.
   */
  async run<T>(command: (client: RedisClient) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no reply within ${this.#commandTimeoutMs} ms`)), this.#commandTimeoutMs);
    });
    const pending = command(this.client);
    pending.catch(() => undefined); // a reply arriving after the deadline is dropped
    try {
      return await Promise.race([pending, deadline]);
    } catch (error) {
      throw mapRedisError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves once connected, or false after `timeoutMs`. */
  async ready(timeoutMs: number): Promise<boolean> {
    if (this.client.isReady) return true;
    return new Promise((resolve) => {
      const done = (ready: boolean): void => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        resolve(ready);
      };
      const onReady = (): void => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.client.on('ready', onReady);
    });
  }

  /** Waits for replies under way (bounded), then closes; gives up reconnecting when disconnected. */
  async close(): Promise<void> {
    this.#closing = true;
    if (!this.client.isOpen) return;
    if (!this.client.isReady) {
      this.client.destroy();
      return;
    }
    const timer = setTimeout(() => this.client.destroy(), CLOSE_TIMEOUT_MS);
    try {
      await this.client.close();
    } catch {
      this.client.destroy();
    } finally {
      clearTimeout(timer);
    }
  }

  #reachableNow(reachable: boolean, error?: unknown): void {
    if (this.#closing || this.#reachable === reachable) return;
    const first = this.#reachable === undefined;
    this.#reachable = reachable;
    if (reachable) {
      this.#logger.info(first ? 'redis connected' : 'redis reachable again', { redis: this.#where });
    } else {
      this.#logger.warn('redis unreachable; caching off, rate limits per instance, until it is back', {
        redis: this.#where,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

/** `host:port/db`, without credentials. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}${parsed.pathname && parsed.pathname !== '/' ? parsed.pathname : ''}`;
  } catch {
    return '(unparseable URL)';
  }
}

/** The client: our scripts registered, no offline queue, no per-command timer, reconnecting for ever. */
function createRedisClient(options: RedisConnectionOptions): RedisClient {
  return createClient({
    url: options.url,
    scripts: REDIS_SCRIPTS,
    disableOfflineQueue: true,
    commandsQueueMaxLength: MAX_QUEUED_COMMANDS,
    // 0: no per-command timer of node-redis's (by default 5 s); `run` bounds every reply.
    commandOptions: { timeout: 0 },
    socket: {
      connectTimeout: options.connectTimeoutMs,
      reconnectStrategy: (retries) => Math.min(100 * (retries + 1), MAX_RECONNECT_DELAY_MS),
    },
  });
}
