import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

import { fromBodyParserError } from '../problems/body-parser-error.js';
import { problem, validationFailed } from '../problems/http-error.js';
import { findPrototypeKey } from '../support/prototype-keys.js';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * Parses a JSON request body into `req.body`, for the routes that take one.
 *
 * - a body whose Content-Type is not JSON (`application/json` or `+json`) -> 415 `unsupported_media_type`;
 * - unparseable JSON, or a top-level scalar -> 400 `malformed_json`;
 * - a body over `limit` (e.g. `'100kb'`) -> 413 `payload_too_large`;
 * - an unsupported charset or Content-Encoding -> 415;
 * - a key `__proto__`, `constructor` or `prototype` at any depth -> 422 `validation_failed`, so
 *   that no later merge of the body can reach a prototype.
 *
 * A request without a body passes through with `req.body` undefined, so that validation reports
 * the missing fields (422) instead of complaining about a media type.
 */
export function jsonBody(options: { readonly limit: string }): RequestHandler {
  const parse = express.json({ limit: options.limit, strict: true, type: JSON_TYPES });
  return function parseJsonBody(req: Request, res: Response, next: NextFunction): void {
    if (!METHODS_WITH_BODY.has(req.method) || !hasBody(req)) {
      next();
      return;
    }
    if (!req.is(JSON_TYPES)) {
      next(problem('unsupported_media_type'));
      return;
    }
    parse(req, res, (error?: unknown) => {
      if (error !== undefined && error !== null) {
        next(fromBodyParserError(error) ?? error);
        return;
      }
      const prototypeKey = findPrototypeKey(req.body);
      if (prototypeKey === undefined) next();
      else next(validationFailed([{ path: prototypeKey, message: 'is not an accepted field' }]));
    });
  };
}

function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}
