import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Middleware run one after the other as one Express layer, with Express's own rules: a handler
 * that throws, or returns a promise that rejects, passes its error on; `next(anything)` leaves the
 * chain with it. Every request crosses each layer of the app's router, which matches the layer's
 * path, trims and restores its prefix and allocates per layer: a dozen always-mounted middleware
 * as one layer cost that once (docs/performance.md, "Third round").
 */
export function chain(handlers: readonly RequestHandler[]): RequestHandler {
  if (handlers.length === 1 && handlers[0] !== undefined) return handlers[0];
  const chained = function chained(req: Request, res: Response, done: NextFunction): void {
    let index = 0;
    const step = (error?: unknown): void => {
      if (error !== undefined && error !== null) {
        done(error);
        return;
      }
      const handler = handlers[index];
      index += 1;
      if (handler === undefined) {
        done();
        return;
      }
      try {
        const returned: unknown = handler(req, res, step);
        if (isThenable(returned)) returned.then(undefined, (reason: unknown) => done(reason ?? new Error('Rejected promise')));
      } catch (thrown) {
        done(thrown);
      }
    };
    step();
  };
  // The router's layer (and a trace's span) is named after what it runs: `assignRequestId, requireSingleHost, …`.
  Object.defineProperty(chained, 'name', { value: handlers.map((handler) => handler.name || 'anonymous').join(', ') });
  return chained;
}

/** What Express takes for a promise returned by a handler (its `is-promise` check). */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}
