import { createHash } from 'node:crypto';

import { ErrorReply } from 'redis';

import type { RedisClient } from './redis-connection.js';

/**
 * A Lua script run atomically by Redis: by its SHA1 (EVALSHA), loading it with EVAL the first time
 * a server has not seen it (after a restart, say).
 */
export class LuaScript {
  readonly #source: string;
  readonly #sha1: string;

  constructor(source: string) {
    this.#source = source;
    this.#sha1 = createHash('sha1').update(source).digest('hex');
  }

  async run(client: RedisClient, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await client.evalSha(this.#sha1, { keys, arguments: args });
    } catch (error) {
      if (!(error instanceof ErrorReply) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(this.#source, { keys, arguments: args });
    }
  }
}
