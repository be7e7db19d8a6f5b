import { createHash } from 'node:crypto';

import type { Request, RequestHandler, Response } from 'express';

import type { IdempotencyStore, StoredResponse } from '@proj/application/edge';
import {
  DependencyUnavailableError,
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  InputValidationError,
} from '@proj/application/errors';

import { MAX_JSON_DEPTH } from '../body/bounded-json.js';
import { problem } from '../problems/http-error.js';
import { routeTemplateOf } from '../support/route-template.js';

/** Visible ASCII, 1 to 255 characters (UUIDs, ULIDs and most client schemes fit). */
const WELL_FORMED_KEY = /^[\x21-\x7e]{1,255}$/;
/** Response headers that belong to the resource and are replayed; the rest is per response. */
const REPLAYED_HEADERS = ['content-type', 'location', 'etag'] as const;
const IN_PROGRESS_RETRY_AFTER_SECONDS = 1;

export interface IdempotencyOptions {
  readonly store: IdempotencyStore;
  /** How long a reservation lasts if its request never finishes (the process died). */
  readonly leaseMs: number;
  /** How long a recorded response is replayed. */
  readonly retentionMs: number;
  /** The caller's scope for keys (its authenticated subject), so that callers cannot collide. */
  readonly scopeOf: (req: Request, res: Response) => string;
}

/**
 * `Idempotency-Key` on a POST route (mount it after the body parser, before the handler):
 * - first use: the key is reserved with the request's fingerprint, the handler runs, and its
 *   response is recorded (released instead on a 5xx, so a retry runs again);
 * - same key, same request, finished: the recorded status, headers and body are replayed, with
 *   `Idempotent-Replayed: true`;
 * - same key, same request, still running: 409 `idempotency_in_progress` with `Retry-After`;
 * - same key, another request: 422 `idempotency_key_reused`.
 *
 * The handler gets the key and fingerprint in `res.locals.idempotency` and passes them to its use
 * case, which records the key with its write: that, not this store, guarantees that one key
 * creates one resource (decision 0042). So when the store is unavailable the request runs
 * without it (fail-open) and stays safe.
 */
export function idempotency(options: IdempotencyOptions): RequestHandler {
  return async function handleIdempotencyKey(req, res, next): Promise<void> {
    const offered = req.get('Idempotency-Key');
    if (offered === undefined) {
      next();
      return;
    }
    if (!WELL_FORMED_KEY.test(offered)) {
      throw new InputValidationError([{ path: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }]);
    }
    // Length-prefixed, so that no two (scope, key) pairs make one record key (decision 0114).
    const scope = options.scopeOf(req, res);
    const key = `${scope.length}:${scope}:${offered}`;
    const fingerprint = fingerprintOf(req, res);
    res.locals.idempotency = { key, fingerprint };

    let begun;
    try {
      begun = await options.store.begin(key, fingerprint, options.leaseMs);
    } catch (error) {
      if (!(error instanceof DependencyUnavailableError)) throw error;
      res.locals.logger.warn('idempotency store unavailable; relying on the database record of the key', {
        dependency: error.dependency,
      });
      next();
      return;
    }
    if (begun.outcome !== 'reserved' && begun.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
    if (begun.outcome === 'in-progress') throw new IdempotencyInProgressError(IN_PROGRESS_RETRY_AFTER_SECONDS);
    if (begun.outcome === 'completed') {
      // The key itself is the caller's text: not logged.
      res.locals.logger.info('idempotent replay', { operation: `${req.method} ${routeTemplateOf(res)}`, status: begun.response.status });
      replay(res, begun.response);
      return;
    }
    recordResponse(res, { ...options, key, token: begun.token });
    next();
  };
}

/** SHA-256 of the method, the route template and the body in canonical JSON (keys sorted). */
function fingerprintOf(req: Request, res: Response): string {
  return createHash('sha256')
    .update(`${req.method} ${routeTemplateOf(res)}\n${canonicalJson(req.body)}`)
    .digest('hex');
}

/**
 * JSON with object keys sorted at every depth, so that key order does not change the fingerprint.
 * Refuses (400 `malformed_json`) a value nested deeper than the body reader accepts, so that no
 * parser mounted before it can turn a deep body into a stack overflow.
 */
export function canonicalJson(value: unknown, depth = 0): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (depth >= MAX_JSON_DEPTH) throw problem('malformed_json', { args: ['depth'] });
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item, depth + 1)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, depth + 1)}`).join(',')}}`;
}

function replay(res: Response, response: StoredResponse): void {
  res.status(response.status).set(response.headers).set('Idempotent-Replayed', 'true').send(response.body);
}

/**
 * Records the response when the handler (or the error handler) sends it with `res.json` (stage 2
 * of `stageJson`, after response validation), before it is sent, so that a client retrying at once
 * already finds it. A request that ends any other way releases its reservation.
 */
function recordResponse(res: Response, o: IdempotencyOptions & { readonly key: string; readonly token: string }): void {
  const { logger } = res.locals;
  let settled = false;
  const warn = (error: unknown): void => {
    logger.warn('idempotency store unavailable; response not recorded', {
      reason: error instanceof Error ? error.message : String(error),
    });
  };
  res.locals.recordResponse = function recordThenSend(body, send): void {
    settled = true;
    if (res.statusCode >= 500) {
      o.store.release(o.key, o.token).catch(warn);
      send(body);
      return;
    }
    const headers: Record<string, string> = { 'content-type': res.get('Content-Type') ?? 'application/json; charset=utf-8' };
    for (const name of REPLAYED_HEADERS) {
      const value = res.get(name);
      if (value !== undefined) headers[name] = value;
    }
    const response: StoredResponse = { status: res.statusCode, headers, body: JSON.stringify(body) };
    o.store
      .complete(o.key, o.token, response, o.retentionMs)
      .catch(warn)
      .finally(() => send(body));
  };
  res.once('close', () => {
    if (!settled) o.store.release(o.key, o.token).catch(warn);
  });
}
