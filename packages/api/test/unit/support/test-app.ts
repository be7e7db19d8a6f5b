import express, { type Express, type RequestHandler } from 'express';
import type request from 'supertest';

import { type Logger } from '@proj/application';
import { ALL_SCOPES } from '@proj/application/edge';
import { FakeTokenVerifier } from '@proj/application/testing';

import type { CaptureUseCases } from '../../../src/capture/capture-routes.js';
import { notFound } from '../../../src/http/middleware/not-found.js';
import { requestId } from '../../../src/http/middleware/request-id.js';
import { errorHandler } from '../../../src/http/problems/error-handler.js';
import type { ApiSettings } from '../../../src/index.js';

/**
 * A tiny Express app around the middleware under test: request id first, then `mount`, then the
 * 404 and the error handler, as createApp orders them.
 */
export function testApp(logger: Logger, mount: (app: Express) => void): Express {
  const app = express();
  app.use(requestId({ logger }));
  mount(app);
  app.use(notFound());
  app.use(errorHandler());
  return app;
}

/** `test` with a body that is not JSON: any answer other than 400 shows that the body was never read. */
export function withMalformedJson(test: request.Test): request.Test {
  return test.set('Content-Type', 'application/json').send('{');
}

/** A handler that fails with `error`, as a rejected async handler does. */
export function failingWith(error: unknown): RequestHandler {
  return async function fail(): Promise<void> {
    await Promise.resolve();
    throw error;
  };
}

/** The bearer token that {@link testTokenVerifier} accepts, holding every scope. */
export const ALL_SCOPES_TOKEN = 'test-token-all-scopes';

/** A TokenVerifier for apps under test: {@link ALL_SCOPES_TOKEN} and nothing else. */
export function testTokenVerifier(): FakeTokenVerifier {
  return new FakeTokenVerifier({ [ALL_SCOPES_TOKEN]: { subject: 'tester', scopes: [...ALL_SCOPES] } });
}

/** Settings for apps under test: a 1 kB body limit, no CORS origins, no proxy, responses validated. */
export function testSettings(http: Partial<ApiSettings['http']> = {}): ApiSettings {
  return {
    http: { bodyLimit: '1kb', corsOrigins: [], trustProxy: false, validateResponses: true, ...http },
    rateLimit: { perMinute: 0, concurrentPerCaller: 0, waitingPerCaller: 0 },
    idempotency: { leaseSeconds: 30, retentionSeconds: 86_400 },
  };
}

/** Capture use cases for apps whose tests never reach a capture route: each call fails the test. */
export function unreachableCapture(): CaptureUseCases {
  const fail = async (): Promise<never> => {
    await Promise.resolve();
    throw new Error('a capture use case was called');
  };
  return {
    capture: { execute: fail },
    recordSignal: { execute: fail },
    createSubspace: { execute: fail },
    queries: { getArtifact: fail, listArtifacts: fail, listSignals: fail, findSimilar: fail, getSubspace: fail, listSubspaces: fail },
  };
}
