import type { NextFunction, Request, RequestHandler, Response } from 'express';

import { parseBoundedJson } from '../body/bounded-json.js';
import { parseByteSize, readRequestBody } from '../body/read-request-body.js';
import { problem, validationFailed } from '../problems/http-error.js';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPES = ['application/json', 'application/*+json'];
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;

/**
 * Parses a JSON request body into `req.body`, for the routes that take one, with a bounded reader
 * (decision 0110): nothing walks the value before it passed these checks.
 *
 * - a body whose Content-Type is not JSON (`application/json` or `+json`) -> 415 `unsupported_media_type`;
 *   a charset other than UTF-8, or an unknown Content-Encoding -> 415 as well;
 * - a declared Content-Length over `limit` (e.g. `'100kb'`) -> 413 `payload_too_large` at once; a
 *   body that grows past it is cut there -> 413;
 * - bytes that are not well-formed UTF-8, nesting deeper than 32 levels, unparseable JSON, or a
 *   top-level scalar -> 400 `malformed_json`;
 * - a string or key with a lone surrogate, or a key `__proto__`, `constructor` or `prototype` at
 *   any depth -> 422 `validation_failed` naming the field.
 *
 * A request without a body passes through with `req.body` undefined, so that validation reports
 * the missing fields (422) instead of complaining about a media type.
 */
export function jsonBody(options: { readonly limit: string }): RequestHandler {
  const limit = parseByteSize(options.limit);
  return async function parseJsonBody(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (!METHODS_WITH_BODY.has(req.method) || !hasBody(req)) {
      next();
      return;
    }
    if (!req.is(JSON_TYPES)) throw problem('unsupported_media_type');
    const charset = CHARSET.exec(req.get('Content-Type') ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') throw problem('unsupported_media_type', { args: ['charset'] });
    const read = await readRequestBody(req, limit, res);
    if (!read.ok) throw read.problem;
    const parsed = parseBoundedJson(read.bytes);
    if (parsed.ok) {
      req.body = parsed.value;
      next();
      return;
    }
    if ('malformed' in parsed) throw problem('malformed_json', { args: [parsed.malformed] });
    throw validationFailed([parsed.invalid]);
  };
}

function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}
