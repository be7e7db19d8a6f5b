import type { Response } from 'express';

import type { Logger } from '@proj/application';

/** What the request-id middleware leaves in `res.locals` for later middleware and handlers. */
export interface RequestContext {
  /** `undefined` only when the request-id middleware did not run (tiny test apps). */
  readonly requestId: string | undefined;
  /** A child logger that adds `request_id` to every line; `undefined` as above. */
  readonly logger: Logger | undefined;
}

/** Reads `res.locals.requestId` and `res.locals.logger` with their types. */
export function requestContext(res: Response): RequestContext {
  const locals = res.locals as { requestId?: unknown; logger?: unknown };
  return {
    requestId: typeof locals.requestId === 'string' ? locals.requestId : undefined,
    logger: isLogger(locals.logger) ? locals.logger : undefined,
  };
}

function isLogger(value: unknown): value is Logger {
  return typeof value === 'object' && value !== null && typeof (value as Logger).child === 'function';
}
