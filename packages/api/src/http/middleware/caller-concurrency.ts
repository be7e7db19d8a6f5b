import type { Request, RequestHandler, Response } from 'express';

import { problem } from '../problems/http-error.js';

export interface CallerConcurrencyOptions {
  /** Requests of one caller this instance serves at once; 0 or less: no bound. */
  readonly maxActive: number;
  /** Requests of one caller that may wait for a place; one more is refused with 429. */
  readonly maxWaiting: number;
  /** The key that identifies the caller, as the rate limiter counts it. */
  readonly callerOf: (req: Request, res: Response) => string;
}

interface CallerLoad {
  active: number;
  readonly waiting: Array<() => void>;
}

/**
 * Bounds how many requests of one caller this instance serves at once (decision 0112), so that
 * one caller's burst cannot hold every database connection while the others wait: up to
 * `maxActive` run, up to `maxWaiting` more wait in arrival order for one of them to finish, and
 * any further one is refused at once with 429 `too_many_concurrent_requests` and `Retry-After: 1`,
 * before it costs a rate-limit round trip. A place is given back when the response closes
 * (finished or abandoned); a waiting request whose client goes away leaves the queue.
 */
export function callerConcurrency(options: CallerConcurrencyOptions): RequestHandler {
  const loads = new Map<string, CallerLoad>();

  const release = (caller: string, load: CallerLoad): void => {
    const next = load.waiting.shift();
    if (next !== undefined) {
      next();
      return;
    }
    load.active -= 1;
    if (load.active === 0) loads.delete(caller);
  };

  return async function boundCallerConcurrency(req, res, next): Promise<void> {
    if (options.maxActive <= 0) {
      next();
      return;
    }
    const caller = options.callerOf(req, res);
    let load = loads.get(caller);
    if (load === undefined) {
      load = { active: 0, waiting: [] };
      loads.set(caller, load);
    }
    const held = load;
    if (held.active < options.maxActive) {
      held.active += 1;
    } else if (held.waiting.length < options.maxWaiting) {
      const admitted = await new Promise<boolean>((resolve) => {
        const take = (): void => {
          res.off('close', leave);
          resolve(true);
        };
        const leave = (): void => {
          const at = held.waiting.indexOf(take);
          if (at >= 0) held.waiting.splice(at, 1);
          resolve(false);
        };
        held.waiting.push(take);
        res.once('close', leave);
      });
      // Its place was handed over by a request that finished (`active` unchanged).
      if (!admitted) return;
    } else {
      throw problem('too_many_concurrent_requests', { headers: { 'Retry-After': '1' } });
    }
    res.once('close', () => release(caller, held));
    next();
  };
}
