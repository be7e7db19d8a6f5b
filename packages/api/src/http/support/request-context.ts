import type { Response } from 'express';

import type { Logger } from '@proj/application';
import type { Principal } from '@proj/application/edge';

/** What the request-id middleware leaves in `res.locals` for later middleware and handlers. */
export interface RequestContext {
  /** `undefined` only when the request-id middleware did not run (tiny test apps). */
  readonly requestId: string | undefined;
  /** A child logger that adds `request_id` to every line; `undefined` as above. */
  readonly logger: Logger | undefined;
  /** Who is calling, once `authenticate` accepted the bearer token; `undefined` before or without it. */
  readonly principal: Principal | undefined;
}

/** Reads `res.locals.requestId`, `logger` and `principal` with their types. */
export function requestContext(res: Response): RequestContext {
  const locals = res.locals as { requestId?: unknown; logger?: unknown; principal?: unknown };
  return {
    requestId: typeof locals.requestId === 'string' ? locals.requestId : undefined,
    logger: isLogger(locals.logger) ? locals.logger : undefined,
    principal: isPrincipal(locals.principal) ? locals.principal : undefined,
  };
}

function isPrincipal(value: unknown): value is Principal {
  return typeof value === 'object' && value !== null && Array.isArray((value as Principal).scopes);
}

function isLogger(value: unknown): value is Logger {
  return typeof value === 'object' && value !== null && typeof (value as Logger).child === 'function';
}
