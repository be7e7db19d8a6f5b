import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { expect } from 'chai';
import request from 'supertest';

import { RecordingLogger, RecordingMetrics } from '@proj/application/testing';

import { createApp, type AppDependencies } from '../../../src/index.js';
import { testSettings, testTokenVerifier, unreachableCapture } from '../support/test-app.js';

const unreachable = {
  execute(): Promise<never> {
    return Promise.reject(new Error('this test must not reach a use case'));
  },
};

/** A legacy backend in this process: `/hang` never answers, anything else echoes what it saw as JSON. */
async function startBackend(): Promise<{ server: Server; url: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    if (req.url === '/hang') return;
    res.writeHead(418, { 'Content-Type': 'application/json', Connection: 'X-Hop', 'X-Hop': '1' });
    res.end(JSON.stringify({ method: req.method, url: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('the strangler route (createApp with settings.legacy)', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let metrics: RecordingMetrics;
  let logger: RecordingLogger;

  const appWith = (legacy: AppDependencies['settings']['legacy']) =>
    createApp({
      accounts: { registerUser: unreachable, getUserById: unreachable, listUsers: unreachable, updateUser: unreachable },
      capture: unreachableCapture(),
      logger,
      metrics,
      tokenVerifier: testTokenVerifier(),
      settings: { ...testSettings(), ...(legacy === undefined ? {} : { legacy }) },
      healthChecks: [],
    });

  beforeEach(async () => {
    backend = await startBackend();
    metrics = new RecordingMetrics();
    logger = new RecordingLogger();
  });

  afterEach(async () => {
    backend.server.closeAllConnections();
    await new Promise<void>((resolve) => backend.server.close(() => resolve()));
  });

  describe('when a request matches no route', () => {
    it('forwards it with X-Request-Id, returns the answer without hop-by-hop headers, and records it', async () => {
      const res = await request(appWith({ baseUrl: backend.url, timeoutMs: 5_000 }))
        .get('/v1/orders?x=1')
        .set('X-Request-Id', 'unit-legacy')
        .set('Authorization', 'Bearer legacy');
      expect(res.status).to.equal(418);
      expect(res.body).to.deep.equal({ method: 'GET', url: '/v1/orders?x=1' });
      expect(res.headers).not.to.have.property('x-hop');
      expect(backend.seen[0]).to.include({ 'x-request-id': 'unit-legacy', authorization: 'Bearer legacy' });
      expect(metrics.upstreamRequests).to.have.length(1);
      expect(metrics.upstreamRequests[0]).to.include({ upstream: 'legacy', method: 'GET', status: 418 });
      expect(metrics.requests[0]).to.include({ route: '(legacy)', status: 418 });
    });

    it('answers 504 legacy_timeout when the backend is slower than the timeout', async () => {
      const res = await request(appWith({ baseUrl: backend.url, timeoutMs: 50 })).get('/hang');
      expect(res.status).to.equal(504);
      expect(res.body).to.include({ code: 'legacy_timeout' });
      expect(metrics.upstreamRequests[0]).to.include({ status: 'timeout' });
      expect(logger.entries.map((entry) => entry.message)).to.include('legacy backend timed out');
    });

    it('answers 502 legacy_unavailable when the backend cannot be reached', async () => {
      const { url } = backend;
      backend.server.close();
      const res = await request(appWith({ baseUrl: url, timeoutMs: 5_000 })).get('/anything');
      expect(res.status).to.equal(502);
      expect(res.body).to.include({ code: 'legacy_unavailable' });
      expect(metrics.upstreamRequests[0]).to.include({ status: 'error' });
    });
  });

  describe('when no legacy backend is configured', () => {
    it('answers 404 for a path no route matches', async () => {
      await request(appWith({ baseUrl: undefined, timeoutMs: 5_000 }))
        .get('/v1/orders')
        .set('Authorization', 'Bearer test-token-all-scopes')
        .expect(404);
      expect(backend.seen).to.deep.equal([]);
    });
  });
});
