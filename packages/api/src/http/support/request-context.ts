import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Response } from 'express';

import type { IdempotencyKey, Logger } from '@proj/application';
import type { Principal } from '@proj/application/edge';

import type { HttpError } from '../problems/http-error.js';

/**
 * What middleware hand each other through `res.locals`, declared once (decision 0072). Express's
 * `Locals` is merged with it, so `res.locals.principal` is typed wherever a response is.
 */
export interface RequestContext {
  /** Set first, by `requestId`: the caller's well-formed `X-Request-Id` or a new UUID. */
  requestId: string;
  /** A child logger adding `request_id` (and `subject` once authenticated) to every line. */
  logger: Logger;
  /** Who is calling, once `identifyCaller` accepted the bearer token. */
  principal?: Principal;
  /** The 401 `identifyCaller` recorded for a refused or missing token, answered by `requireAuthenticated`. */
  authenticationRefusal?: HttpError;
  /** The request's idempotency key and fingerprint, set by `idempotency` when the client sent a key. */
  idempotency?: IdempotencyKey;
  /** The template of a mount that is not a route (static assets), set by `tagRoute`. */
  routeTemplate?: string;
  /** The upstream a request was forwarded to (`legacy`), set by the strangler route; the access line says so. */
  proxiedTo?: string;
  /** How forwarding failed, when it did: the legacy backend timed out or could not be reached. */
  legacyOutcome?: 'timeout' | 'error';
  /** Stage 1 of {@link stageJson}: may replace the body (and status) before anything is recorded or sent. */
  checkResponse?: (body: unknown) => unknown;
  /** Stage 2 of {@link stageJson}: records the body, then calls `send` (once). */
  recordResponse?: (body: unknown, send: (body: unknown) => Response) => void;
  /** Also told the JSON body as sent (after stages 1 and 2): the shadow reads compare it with the legacy backend's. */
  observeResponse?: (body: unknown) => void;
}

/**
 * The scope of one request across every layer (decision 0103): opened by `requestId` with the id it
 * chose, so that whatever is logged while the request is served (by an adapter too, or by work that
 * outlives the response) carries that id. Implemented in infra over `AsyncLocalStorage`.
 */
export interface RequestScope {
  /** Runs `work` inside the scope of request `requestId`; listeners added to `streams` inside it run inside it. */
  run(requestId: string, streams: readonly (IncomingMessage | ServerResponse)[], work: () => void): void;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own extension point
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merged with RequestContext
    interface Locals extends RequestContext {}
  }
}

/**
 * The one place that wraps `res.json`, installed by `requestId` on every request. A JSON answer
 * goes through, in this order: 1. `checkResponse` (response validation: a body the document does
 * not allow becomes a 500 problem), 2. `recordResponse` (idempotency: what was checked is what is
 * recorded and replayed), 3. Express's own `res.json`; `observeResponse` is told the body sent.
 */
export function stageJson(res: Response): void {
  const send = res.json.bind(res);
  res.json = function jsonInStages(body: unknown): Response {
    const checked = res.locals.checkResponse ? res.locals.checkResponse(body) : body;
    res.locals.observeResponse?.(checked);
    const record = res.locals.recordResponse;
    if (record === undefined) return send(checked);
    res.locals.recordResponse = undefined;
    record(checked, send);
    return res;
  };
}
